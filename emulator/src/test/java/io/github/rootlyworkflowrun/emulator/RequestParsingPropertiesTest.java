package io.github.rootlyworkflowrun.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Generated bad requests: the emulator answers each with a 4xx JSON:API error, never a 5xx, and creates nothing. */
class RequestParsingPropertiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RootlyEmulator emulator;

    @BeforeContainer
    static void start() {
        emulator = RootlyEmulator.builder()
                .token("t")
                .scenario(new Scenario(
                        Scenario.defaults().workflows(),
                        new Scenario.RateLimitSpec(1_000_000, "60s", false),
                        null,
                        null))
                .start();
    }

    @AfterContainer
    static void stop() {
        emulator.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.header("Authorization", "Bearer t").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertClientError(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
        JsonNode error = JSON.readTree(r.body()).path("errors").path(0);
        assertThat(error.path("title").asText())
                .isNotBlank()
                .doesNotContain("\n")
                .doesNotContain("Exception");
        assertThat(error.path("status").asText()).isEqualTo(Integer.toString(r.statusCode()));
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(60);
        Arbitrary<String> shapes = Arbitraries.of(
                "{}",
                "[]",
                "null",
                "{\"data\":[]}",
                "{\"data\":{}}",
                "{\"data\":{\"type\":\"workflow_runs\"}}",
                "{\"data\":{\"type\":\"workflow_runs\",\"attributes\":[]}}",
                "{\"data\":{\"type\":\"workflow_runs\",\"attributes\":{\"context\":\"x\"}}}",
                "{\"data\":{\"type\":\"workflow_runs\",\"attributes\":{\"incident_id\":1}}}",
                "{\"data\":{\"type\":\"workflow_runs\",\"attributes\":{\"incident_id\":\"a\",\"pulse_id\":\"b\"}}}",
                "{\"data\":{\"type\":\"workflow_runs\",\"attributes\":{\"immediate\":\"yes\"}}}");
        return Arbitraries.oneOf(text, shapes);
    }

    @Property(tries = 300)
    void malformedCreateBodiesAreRefusedWithAJsonApiError(@ForAll("bodies") String body) throws Exception {
        int before = emulator.ledger().size();
        HttpResponse<String> r = send(
                HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/v1/workflows/deploy-succeeds/workflow_runs"))
                        .header("Content-Type", "application/vnd.api+json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertClientError(r);
        assertThat(emulator.ledger()).hasSize(before);
    }

    @Provide
    Arbitrary<String> pulseBodies() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(60);
        // Each body carries one attribute with a value Rootly refuses, beside a valid summary unless it is the summary.
        Arbitrary<String> spoiled = Arbitraries.of(
                        "summary=null",
                        "summary=1",
                        "summary=\"\"",
                        "summary=\" \"",
                        "summary=[]",
                        "summary={}",
                        "source=1",
                        "source=true",
                        "source=[]",
                        "source={}",
                        "service_ids=\"x\"",
                        "service_ids=[1]",
                        "service_ids=[\"nope\"]",
                        "service_ids={}",
                        "environment_ids=[null]",
                        "environment_ids=[\"nope\"]",
                        "started_at=\"soon\"",
                        "started_at=1",
                        "ended_at=\"\"",
                        "labels={}",
                        "labels=[1]",
                        "labels=[{\"key\":1,\"value\":\"v\"}]",
                        "labels=[{\"key\":\"k\"}]",
                        "refs=\"k=v\"",
                        "refs=[{\"key\":\" \",\"value\":\"v\"}]",
                        "data=[]",
                        "data=\"x\"",
                        "data=1",
                        "external_url=[]",
                        "short_id=null",
                        "x=1")
                .map(kv -> {
                    String k = kv.substring(0, kv.indexOf('='));
                    String v = kv.substring(kv.indexOf('=') + 1);
                    String attributes =
                            k.equals("summary") ? "\"summary\":" + v : "\"summary\":\"s\",\"" + k + "\":" + v;
                    return "{\"data\":{\"type\":\"pulses\",\"attributes\":{" + attributes + "}}}";
                });
        return Arbitraries.oneOf(text, spoiled);
    }

    @Property(tries = 300)
    void malformedPulseBodiesAreRefusedWithAJsonApiError(@ForAll("pulseBodies") String body) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/v1/pulses"))
                .header("Content-Type", "application/vnd.api+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertClientError(r);
        assertThat(emulator.pulses()).isEmpty();
    }

    @Provide
    Arbitrary<String> queryValues() {
        return Arbitraries.strings()
                .ofMinLength(1)
                .ofMaxLength(20)
                .filter(s -> !s.trim().matches("\\d{1,2}") && !s.trim().matches("\\d{4}-\\d{2}-\\d{2}T.*"));
    }

    @Property(tries = 300)
    void malformedPagingAndFiltersAreRefusedWithAJsonApiError(
            @ForAll("queryValues") String value, @ForAll("listParameters") String name) throws Exception {
        String query = URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8);
        HttpResponse<String> r = send(HttpRequest.newBuilder(
                        URI.create(emulator.baseUrl() + "/v1/workflows/deploy-succeeds/workflow_runs?" + query))
                .GET());

        assertClientError(r);
    }

    @Example
    void nonAsciiDigitsAreNotANumber() throws Exception {
        // Found by the property above: Integer.parseInt reads U+0661 (Arabic-Indic one) as 1.
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(
                        emulator.baseUrl() + "/v1/workflows/deploy-succeeds/workflow_runs?page%5Bsize%5D=%D9%A1"))
                .GET());

        assertClientError(r);
    }

    @Provide
    Arbitrary<String> listParameters() {
        return Arbitraries.of("page[number]", "page[size]", "filter[created_at][gte]", "filter[created_at][lt]");
    }
}
