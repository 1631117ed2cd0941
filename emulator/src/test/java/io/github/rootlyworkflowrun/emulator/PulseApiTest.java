package io.github.rootlyworkflowrun.emulator;

import static io.github.rootlyworkflowrun.emulator.TestHttp.json;
import static io.github.rootlyworkflowrun.emulator.TestHttp.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pulses, services and environments over a real socket: shapes, Rootly's validation, filters and paging. */
class PulseApiTest {
    private static final String TOKEN = "t-pulses";

    private RootlyEmulator emulator;
    private TestHttp http;

    @BeforeEach
    void start() {
        emulator = RootlyEmulator.builder()
                .token(TOKEN)
                .clock(Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC))
                .start();
        http = new TestHttp(emulator, TOKEN);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private String serviceId(String slug) {
        return emulator.scenario().services().stream()
                .filter(s -> s.slug().equals(slug))
                .findFirst()
                .orElseThrow()
                .id();
    }

    private String environmentId(String slug) {
        return emulator.scenario().environments().stream()
                .filter(e -> e.slug().equals(slug))
                .findFirst()
                .orElseThrow()
                .id();
    }

    @Test
    void createsAPulseShapedLikeTheSpecExample() throws Exception {
        HttpResponse<String> r = http.createPulse(
                """
                "summary":"Deploy api 1.2.3","source":"jenkins","service_ids":["%s"],"environment_ids":["%s"],
                "labels":[{"key":"env","value":"production"}],
                "refs":[{"key":"commit_sha","value":"abc123"},{"key":"build_url","value":"https://ci/job/7/"}],
                "started_at":"2026-11-29T11:58:00Z","ended_at":null,"external_url":"https://ci/job/7/",
                "data":{"version":"1.2.3"}"""
                        .formatted(serviceId("api"), environmentId("production")));

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/vnd.api+json");
        JsonNode data = json(r).path("data");
        assertThat(data.path("type").asText()).isEqualTo("pulses");
        JsonNode a = data.path("attributes");
        assertThat(a.path("summary").asText()).isEqualTo("Deploy api 1.2.3");
        assertThat(a.path("source").asText()).isEqualTo("jenkins");
        assertThat(a.path("services").path(0).path("id").asText()).isEqualTo(serviceId("api"));
        assertThat(a.path("services").path(0).path("slug").asText()).isEqualTo("api");
        assertThat(a.path("environments").path(0).path("name").asText()).isEqualTo("Production");
        assertThat(a.path("labels").path(0).path("value").asText()).isEqualTo("production");
        assertThat(a.path("refs").path(1).path("value").asText()).isEqualTo("https://ci/job/7/");
        assertThat(a.path("started_at").asText()).isEqualTo("2026-11-29 11:58:00.000000+00:00");
        assertThat(a.path("ended_at").isNull()).isTrue();
        assertThat(a.path("created_at").asText()).isEqualTo("2026-11-29 12:00:00.000000+00:00");
        assertThat(a.path("data").path("version").asText()).isEqualTo("1.2.3");

        String id = data.path("id").asText();
        JsonNode one = json(http.get("/v1/pulses/" + id));
        assertThat(one.path("data").path("attributes")).isEqualTo(a);
        assertThat(emulator.pulses()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo(id);
            assertThat(p.source()).isEqualTo("jenkins");
            assertThat(p.refs()).contains(new RootlyEmulator.KeyValue("commit_sha", "abc123"));
            assertThat(p.runIds())
                    .as("the default scenario starts no run for this pulse")
                    .isEmpty();
        });
        assertThat(emulator.requestCounts()).containsEntry("create_pulse", 1).containsEntry("get_pulse", 1);
    }

    @Test
    void refusesPulsesAsRootlyDoesAndCreatesNothing() throws Exception {
        assertError(http.createPulse("\"source\":\"jenkins\""), 422, "Summary can't be blank");
        assertError(http.createPulse("\"summary\":\"  \""), 422, "Summary can't be blank");
        assertError(http.createPulse("\"summary\":7"), 422, "Summary must be a string");
        assertError(
                http.createPulse("\"summary\":\"s\",\"service_ids\":[\"nope\"]"),
                422,
                "Couldn't find Service with 'id'=nope");
        assertError(
                http.createPulse("\"summary\":\"s\",\"environment_ids\":[\"%s\",\"x\",\"y\"]"
                        .formatted(environmentId("staging"))),
                422,
                "Couldn't find all Environments with 'id': (" + environmentId("staging")
                        + ", x, y) (found 1 results, but was looking for 3)");
        assertError(http.createPulse("\"summary\":\"s\",\"service_ids\":\"api\""), 422, "Service ids must be a list");
        assertError(http.createPulse("\"summary\":\"s\",\"labels\":{\"env\":\"prod\"}"), 422, "Labels must be a list");
        assertError(
                http.createPulse("\"summary\":\"s\",\"refs\":[{\"key\":\"sha\",\"value\":1}]"),
                422,
                "Refs must be a list of {key, value} objects");
        assertError(
                http.createPulse("\"summary\":\"s\",\"labels\":[{\"key\":\"\",\"value\":\"v\"}]"),
                422,
                "Labels key can't be blank");
        assertError(
                http.createPulse("\"summary\":\"s\",\"started_at\":\"yesterday\""),
                422,
                "Started at is not a date-time");
        assertError(http.createPulse("\"summary\":\"s\",\"data\":[1]"), 422, "Data must be an object");
        assertError(http.createPulse("\"summary\":\"s\",\"short_id\":\"x\""), 422, "Unknown attribute 'short_id'");
        assertError(http.post("/v1/pulses", "{\"data\":{\"type\":\"workflow_runs\",\"attributes\":{}}}"), 422, "type");
        assertError(http.post("/v1/pulses", "{nope"), 400, "Malformed request body");
        assertError(
                http.send(
                        "POST",
                        "/v1/pulses",
                        "{\"data\":{\"type\":\"pulses\",\"attributes\":{\"summary\":\"s\"}}}",
                        "Authorization",
                        "Bearer " + TOKEN,
                        "Content-Type",
                        "application/json"),
                415,
                "Unsupported Media Type");
        assertError(
                http.send(
                        "POST",
                        "/v1/pulses",
                        "{\"data\":{\"type\":\"pulses\",\"attributes\":{\"summary\":\"s\"}}}",
                        "Content-Type",
                        TestHttp.JSON_API),
                401,
                "Invalid token");
        assertError(http.get("/v1/pulses/00000000-0000-4000-8000-000000000000"), 404, "Not found or unauthorized");
        assertThat(emulator.pulses()).isEmpty();
        assertThat(http.createPulse("\"summary\":\"s\",\"labels\":[null]").statusCode())
                .as("the spec lets a label be null")
                .isEqualTo(201);
    }

    private static void assertError(HttpResponse<String> r, int status, String title) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode e = json(r).path("errors").path(0);
        assertThat(e.path("title").asText()).contains(title);
        assertThat(e.path("status").asText()).isEqualTo(Integer.toString(status));
    }

    @Test
    void listsPulsesFilteredBySourceRefsLabelsServicesAndTimes() throws Exception {
        String a = http.pulse(
                """
                "summary":"a","source":"jenkins","service_ids":["%s"],
                "refs":[{"key":"request_id","value":"r-1"},{"key":"image","value":"registry/x:1.2"}],
                "labels":[{"key":"env","value":"production"}]"""
                        .formatted(serviceId("api")));
        emulator.advanceClock(Duration.ofMinutes(1));
        String b = http.pulse(
                """
                "summary":"b","source":"github-actions","environment_ids":["%s"],
                "refs":[{"key":"request_id","value":"r-2"}],"labels":[{"key":"env","value":"staging"}]"""
                        .formatted(environmentId("staging")));
        emulator.advanceClock(Duration.ofMinutes(1));
        String c = http.pulse("\"summary\":\"c\"");

        assertThat(ids("/v1/pulses")).containsExactly(a, b, c);
        assertThat(ids("/v1/pulses?" + q("filter[source]", "jenkins"))).containsExactly(a);
        assertThat(ids("/v1/pulses?" + q("filter[source]", "jenk")))
                .as("source matches exactly")
                .isEmpty();
        assertThat(ids("/v1/pulses?" + q("filter[refs]", "request_id:r-2"))).containsExactly(b);
        assertThat(ids("/v1/pulses?" + q("filter[refs]", "request_id"))).containsExactly(a, b);
        assertThat(ids("/v1/pulses?" + q("filter[refs]", "request_id:r-1, image:registry/x:1.2")))
                .as("every item must match; a value may hold colons")
                .containsExactly(a);
        assertThat(ids("/v1/pulses?" + q("filter[refs]", "request_id:r-1,image:registry/x")))
                .isEmpty();
        assertThat(ids("/v1/pulses?" + q("filter[labels]", "env:staging"))).containsExactly(b);
        assertThat(ids("/v1/pulses?" + q("filter[services]", "api"))).containsExactly(a);
        assertThat(ids("/v1/pulses?" + q("filter[services]", serviceId("api")))).containsExactly(a);
        assertThat(ids("/v1/pulses?" + q("filter[environments]", "staging"))).containsExactly(b);
        assertThat(ids("/v1/pulses?" + q("filter[created_at][gte]", "2026-11-29T12:01:00Z")))
                .containsExactly(b, c);
        assertThat(ids("/v1/pulses?" + q("filter[created_at][gt]", "2026-11-29 12:01:00.000000+00:00")))
                .containsExactly(c);
        assertThat(ids("/v1/pulses?" + q("filter[created_at][lt]", "2026-11-29T12:01:00Z")))
                .containsExactly(a);
        assertThat(ids("/v1/pulses?" + q("filter[created_at][lte]", "2026-11-29T12:01:00Z")))
                .containsExactly(a, b);
        assertThat(ids("/v1/pulses?" + q("filter[started_at][gte]", "2026-11-29T00:00:00Z")))
                .as("pulses without started_at do not pass a started_at bound")
                .isEmpty();

        JsonNode page = json(http.get("/v1/pulses?" + q("page[size]", "2") + "&" + q("page[number]", "2")));
        assertThat(page.path("data")).hasSize(1);
        assertThat(page.path("meta").path("total_count").asInt()).isEqualTo(3);
        assertThat(page.path("meta").path("prev_page").asInt()).isEqualTo(1);
        assertThat(page.path("links").path("prev").asText()).contains("page%5Bnumber%5D=1");

        assertThat(http.get("/v1/pulses?" + q("filter[created_at][gte]", "soon"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(http.get("/v1/pulses?" + q("page[size]", "0")).statusCode()).isEqualTo(400);
    }

    private List<String> ids(String path) throws IOException {
        HttpResponse<String> r = http.get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> ids = new java.util.ArrayList<>();
        json(r).path("data").forEach(p -> ids.add(p.path("id").asText()));
        return ids;
    }

    @Test
    void listsServicesAndEnvironmentsWithLooseFiltersAndPaging() throws Exception {
        JsonNode services = json(http.get("/v1/services"));
        assertThat(services.path("data").findValuesAsText("slug")).containsExactly("api", "web");
        JsonNode api = services.path("data").path(0);
        assertThat(api.path("type").asText()).isEqualTo("services");
        assertThat(api.path("id").asText()).isEqualTo(serviceId("api"));
        assertThat(api.path("attributes").path("name").asText()).isEqualTo("API");
        assertThat(api.path("attributes").has("created_at")).isTrue();

        assertThat(json(http.get("/v1/services?" + q("filter[name]", "AP")))
                        .path("data")
                        .findValuesAsText("slug"))
                .containsExactly("api");
        assertThat(json(http.get("/v1/services?" + q("filter[search]", "e")))
                        .path("data")
                        .findValuesAsText("slug"))
                .containsExactly("web");
        assertThat(json(http.get("/v1/environments?" + q("filter[slug]", "prod")))
                        .path("data")
                        .findValuesAsText("name"))
                .containsExactly("Production");
        JsonNode page = json(http.get("/v1/environments?" + q("page[size]", "1")));
        assertThat(page.path("data").path(0).path("type").asText()).isEqualTo("environments");
        assertThat(page.path("meta").path("total_pages").asInt()).isEqualTo(2);
        assertThat(page.path("links").path("next").asText()).contains("page%5Bnumber%5D=2");
        assertThat(http.get("/v1/environments?" + q("page[number]", "x")).statusCode())
                .isEqualTo(400);
        assertThat(json(http.get("/v1/services?" + q("filter[slug]", "nothing")))
                        .path("data"))
                .isEmpty();
    }

    @Test
    void servicesAndEnvironmentsComeFromTheScenario() throws Exception {
        emulator.close();
        Scenario s = Scenario.parse(
                """
                services:
                  - {slug: checkout, name: Checkout, id: svc-1}
                environments:
                  - {slug: eu-prod}
                """);
        emulator = RootlyEmulator.builder().token(TOKEN).scenario(s).start();
        http = new TestHttp(emulator, TOKEN);
        assertThat(json(http.get("/v1/services"))
                        .path("data")
                        .path(0)
                        .path("id")
                        .asText())
                .isEqualTo("svc-1");
        assertThat(json(http.get("/v1/environments"))
                        .path("data")
                        .path(0)
                        .path("attributes")
                        .path("name")
                        .asText())
                .as("the name defaults to the slug")
                .isEqualTo("eu-prod");
        assertThat(http.pulse("\"summary\":\"s\",\"service_ids\":[\"svc-1\"]")).isNotBlank();
    }
}
