package io.github.rootlyworkflowrun.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rootlyworkflowrun.testing.ApiJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** The pulse, service, environment and workflow-list calls: what goes on the wire and how answers are read. */
class PulseClientTest extends ClientTestBase {
    /** The spec's 201 example for POST /v1/pulses, services and environments cut to the fields read. */
    private static final String SPEC_EXAMPLE_201 =
            """
            {"data":{"id":"cde9d4e0-ba77-4f9a-9249-17f3d0a19eb9","type":"pulses","attributes":{
              "short_id":null,"source":"k8s","summary":"Deploy k8s",
              "labels":[{"key":"status","value":"succeeded"}],
              "refs":[{"key":"sha","value":"cd62148cbc5eb42168fe99fdb50a364e12b206ac"},
                      {"key":"image","value":"registry.rootly.com/rootly/my-service:cd6214"}, {"key":7}],
              "services":[{"id":"53112ace-97df-486e-9a61-88ba2f85739e","name":"Eveniet sed nisi eos.",
                           "slug":"eveniet-sed-nisi-eos"}],
              "environments":[{"id":"baa610df-9f9f-42b9-aa3b-a79e6bd89d60","slug":"debitis-placeat-soluta-sint"}],
              "data":{"url":"https://additionaldata.com"},"external_url":"https://external-url.com",
              "started_at":"2026-01-20 09:38:20-08:00","ended_at":"2026-01-20 09:40:20-08:00",
              "created_at":"2026-01-20 09:47:38.392000-08:00","updated_at":"2026-01-20 09:47:38.392000-08:00"}}}""";

    private static String list(String type, String... entries) {
        return "{\"data\":[" + String.join(",", entries)
                + "],\"links\":{},\"meta\":{\"current_page\":1,\"next_page\":2,\"total_count\":9,\"total_pages\":5}}";
    }

    private static String entry(String id, String type, String slug, String name) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"attributes\":{\"slug\":\"" + slug + "\",\"name\":\""
                + name + "\"}}";
    }

    @Test
    void createPulseSendsTheNewPulseDocumentAndReadsTheSpecExample() throws Exception {
        answer(201, SPEC_EXAMPLE_201, "Content-Type", "application/vnd.api+json");

        Pulse pulse = client.createPulse(new CreatePulseRequest(
                "Deploy api",
                "jenkins",
                List.of("svc-1"),
                List.of("env-1"),
                List.of(new KeyValue("team", "payments")),
                List.of(new KeyValue("request_id", "r-1")),
                "https://ci/7",
                Instant.parse("2026-11-29T11:58:00Z"),
                null,
                Map.of("version", "1.4.2")));

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/pulses");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer tok-123");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/vnd.api+json");
        assertThat(ApiJson.MAPPER.readTree(request.getBody().utf8()))
                .isEqualTo(
                        ApiJson.MAPPER.readTree(
                                """
                        {"data":{"type":"pulses","attributes":{"summary":"Deploy api","source":"jenkins",
                          "service_ids":["svc-1"],"environment_ids":["env-1"],
                          "labels":[{"key":"team","value":"payments"}],"refs":[{"key":"request_id","value":"r-1"}],
                          "external_url":"https://ci/7","started_at":"2026-11-29T11:58:00Z",
                          "data":{"version":"1.4.2"}}}}"""));

        assertThat(pulse.id()).isEqualTo("cde9d4e0-ba77-4f9a-9249-17f3d0a19eb9");
        assertThat(pulse.summary()).isEqualTo("Deploy k8s");
        assertThat(pulse.source()).isEqualTo("k8s");
        assertThat(pulse.serviceIds()).containsExactly("53112ace-97df-486e-9a61-88ba2f85739e");
        assertThat(pulse.environmentIds()).containsExactly("baa610df-9f9f-42b9-aa3b-a79e6bd89d60");
        assertThat(pulse.labels()).containsExactly(new KeyValue("status", "succeeded"));
        assertThat(pulse.refs()).as("a ref without a value is skipped").hasSize(2);
        assertThat(pulse.ref("image")).isEqualTo("registry.rootly.com/rootly/my-service:cd6214");
        assertThat(pulse.ref("missing")).isNull();
        assertThat(pulse.externalUrl()).isEqualTo("https://external-url.com");
        assertThat(pulse.startedAt()).isEqualTo("2026-01-20 09:38:20-08:00");
        assertThat(pulse.endedAt()).isEqualTo("2026-01-20 09:40:20-08:00");
        assertThat(pulse.data()).containsEntry("url", "https://additionaldata.com");
        assertThat(pulse.createdAtInstant()).isEqualTo(Instant.parse("2026-01-20T17:47:38.392Z"));
        assertThat(new KeyValue("a", "b")).hasToString("a=b");
    }

    @Test
    void aMinimalPulseSendsOnlyItsSummaryAndReadsIdLists() throws Exception {
        answer(
                201,
                "{\"data\":{\"id\":\"p-1\",\"attributes\":{\"summary\":\"s\",\"service_ids\":[\"a\",null],"
                        + "\"created_at\":\"x\"}}}");

        Pulse pulse =
                client.createPulse(new CreatePulseRequest("s", null, null, null, null, null, null, null, null, null));

        assertThat(server.takeRequest().getBody().utf8())
                .isEqualTo("{\"data\":{\"type\":\"pulses\",\"attributes\":{\"summary\":\"s\"}}}");
        assertThat(pulse.serviceIds()).containsExactly("a");
        assertThat(pulse.environmentIds()).isEmpty();
        assertThat(pulse.data()).isNull();
        assertThat(pulse.createdAtInstant()).isNull();
    }

    @Test
    void listPulsesFiltersByRefAndCreationTimeAndPages() throws Exception {
        answer(200, list("pulses", "{\"id\":\"p-1\",\"attributes\":{\"summary\":\"s\"}}"));

        Page<Pulse> page = client.listPulses(
                new KeyValue("request_id", "r-1"),
                Instant.parse("2026-11-29T11:45:00Z"),
                2,
                100,
                Duration.ofSeconds(5));

        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/pulses");
        assertThat(request.getUrl().queryParameter("filter[refs]")).isEqualTo("request_id:r-1");
        assertThat(request.getUrl().queryParameter("filter[created_at][gte]")).isEqualTo("2026-11-29T11:45:00Z");
        assertThat(request.getUrl().queryParameter("page[number]")).isEqualTo("2");
        assertThat(request.getUrl().queryParameter("page[size]")).isEqualTo("100");
        assertThat(page.items()).extracting(Pulse::id).containsExactly("p-1");
        assertThat(page.nextPage()).isEqualTo(2);

        answer(200, list("pulses"));
        client.listPulses(null, null, 1, 10, null);
        assertThat(server.takeRequest().getUrl().query()).isEqualTo("page[number]=1&page[size]=10");
    }

    @Test
    void servicesEnvironmentsAndAllWorkflowsAreListedWithTheirFilters() throws Exception {
        answer(200, list("services", entry("s-1", "services", "api", "API")));
        answer(200, list("environments", entry("e-1", "environments", "production", "Production")));
        answer(
                200,
                list(
                        "workflows",
                        "{\"id\":\"w-1\",\"attributes\":{\"name\":\"W\",\"trigger_params\":"
                                + "{\"trigger_type\":\"pulse\"},\"enabled\":true}}"));

        Page<CatalogEntry> services = client.listServices("slug", "api", 1, 100, null);
        Page<CatalogEntry> environments = client.listEnvironments("name", "Production", 1, 100, Duration.ofSeconds(3));
        Page<Workflow> workflows = client.listWorkflows(null, null, 3, 100, Duration.ofSeconds(3));

        assertThat(services.items()).containsExactly(new CatalogEntry("s-1", "api", "API"));
        assertThat(environments.items()).containsExactly(new CatalogEntry("e-1", "production", "Production"));
        assertThat(workflows.items()).containsExactly(new Workflow("w-1", null, "W", "pulse", true));
        assertThat(server.takeRequest().getUrl().toString())
                .endsWith("/v1/services?filter%5Bslug%5D=api&page%5Bnumber%5D=1&page%5Bsize%5D=100");
        assertThat(server.takeRequest().getUrl().toString())
                .endsWith("/v1/environments?filter%5Bname%5D=Production&page%5Bnumber%5D=1&page%5Bsize%5D=100");
        assertThat(server.takeRequest().getUrl().toString())
                .endsWith("/v1/workflows?page%5Bnumber%5D=3&page%5Bsize%5D=100");
    }

    @Test
    void errorsCarryRootlysWordsAndNeverTheToken() {
        answer(
                422,
                "{\"errors\":[{\"title\":\"Summary can't be blank\",\"status\":\"422\"}]}",
                "Content-Type",
                "application/vnd.api+json");

        assertThatThrownBy(() -> client.createPulse(
                        new CreatePulseRequest("", null, null, null, null, null, null, null, null, null)))
                .isInstanceOfSatisfying(RootlyApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.getMessage())
                            .endsWith("/v1/pulses: HTTP 422 Summary can't be blank")
                            .doesNotContain("tok-123");
                });

        answer(200, "{\"data\":{}}");
        assertThatThrownBy(() -> client.listServices(null, null, 1, 1, null))
                .isInstanceOfSatisfying(RootlyApiException.class, e -> assertThat(e.kind())
                        .isEqualTo(RootlyApiException.Kind.BAD_RESPONSE));
    }
}
