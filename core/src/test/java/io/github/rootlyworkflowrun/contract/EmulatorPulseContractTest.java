package io.github.rootlyworkflowrun.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.rootlyworkflowrun.emulator.Fault;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import io.github.rootlyworkflowrun.emulator.Scenario;
import io.github.rootlyworkflowrun.testing.RecordingInterceptor;
import io.github.rootlyworkflowrun.testing.RecordingInterceptor.Exchange;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's pulse, service and environment answers (each success and each error), and the workflows and runs
 * that pulses start, checked against Rootly's OpenAPI excerpts (test resources) with a real validator.
 */
class EmulatorPulseContractTest {
    private static final String TOKEN = "pulse-contract-token";
    private static final MediaType JSON_API = MediaType.get("application/vnd.api+json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenApiContract contract;
    private OpenApiContract lookups;
    private RootlyEmulator emulator;
    private final RecordingInterceptor recorder = new RecordingInterceptor();
    private OkHttpClient http;

    @BeforeEach
    void setUp() throws Exception {
        contract = OpenApiContract.load();
        lookups = OpenApiContract.load(OpenApiContract.LOOKUPS_SPEC);
        emulator = RootlyEmulator.builder()
                .token(TOKEN)
                .scenario(Scenario.defaults())
                .clock(Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC))
                .start();
        http = new OkHttpClient.Builder().addNetworkInterceptor(recorder).build();
    }

    @AfterEach
    void tearDown() {
        emulator.close();
    }

    private JsonNode call(Request request) throws IOException {
        try (Response r = http.newCall(request).execute()) {
            return JSON.readTree(r.body().string());
        }
    }

    private Request get(String pathAndQuery) {
        return new Request.Builder()
                .url(emulator.baseUrl() + pathAndQuery)
                .header("Authorization", "Bearer " + TOKEN)
                .build();
    }

    private Request post(String path, String body, MediaType type, String token) {
        return new Request.Builder()
                .url(emulator.baseUrl() + path)
                .header("Authorization", "Bearer " + token)
                .post(RequestBody.create(body, type))
                .build();
    }

    private Request pulse(String attributes) {
        return post(
                "/v1/pulses", "{\"data\":{\"type\":\"pulses\",\"attributes\":{" + attributes + "}}}", JSON_API, TOKEN);
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

    /** The validator of the excerpt that holds the exchange's path. */
    private OpenApiContract contractFor(Exchange e) {
        String path = e.request().url().encodedPath();
        return path.startsWith("/v1/services") || path.startsWith("/v1/environments") ? lookups : contract;
    }

    @Test
    void pulsesServicesEnvironmentsAndThePulsesRunsConform() throws Exception {
        JsonNode created = call(pulse(
                """
                "summary":"Deploy api 1.2.3","source":"jenkins","service_ids":["%s"],"environment_ids":["%s"],
                "labels":[{"key":"env","value":"production"}],"refs":[{"key":"commit_sha","value":"abc123"}],
                "started_at":"2026-11-29T11:59:00Z","ended_at":"2026-11-29T12:00:00Z",
                "external_url":"https://ci.example/job/7/","data":{"version":"1.2.3"}"""
                        .formatted(serviceId("api"), environmentId("production"))));
        call(pulse("\"summary\":\"Minimal\""));
        call(pulse("\"summary\":\"Nulls\",\"source\":null,\"service_ids\":null,\"data\":null"));
        // Errors a client meets with a request the spec allows: unknown ids (422), a bad token (401), faults.
        call(pulse("\"summary\":\"s\",\"service_ids\":[\"no-such-service\"]"));
        call(pulse("\"summary\":\"s\",\"environment_ids\":[\"x\",\"y\"]"));
        call(post(
                "/v1/pulses",
                "{\"data\":{\"type\":\"pulses\",\"attributes\":{\"summary\":\"s\"}}}",
                JSON_API,
                "wrong-token"));
        emulator.inject(Fault.status("create_pulse", 503, 1));
        call(pulse("\"summary\":\"s\""));
        emulator.inject(Fault.status("list_pulses", 429, 1));
        call(get("/v1/pulses"));
        emulator.advanceClock(Duration.ofSeconds(3));

        call(get("/v1/pulses"));
        call(get("/v1/pulses?filter%5Bsource%5D=jenkins&filter%5Brefs%5D=commit_sha%3Aabc123"
                + "&filter%5Blabels%5D=env%3Aproduction&filter%5Bservices%5D=api"
                + "&filter%5Bcreated_at%5D%5Bgte%5D=2026-11-29T11%3A59%3A00Z&page%5Bsize%5D=1&page%5Bnumber%5D=1"));
        call(get("/v1/services"));
        call(get("/v1/services?filter%5Bname%5D=API&filter%5Bslug%5D=api&filter%5Bsearch%5D=a&page%5Bsize%5D=1"));
        call(get("/v1/environments"));
        call(get("/v1/environments?filter%5Bslug%5D=prod&page%5Bnumber%5D=2&page%5Bsize%5D=1"));
        call(new Request.Builder()
                .url(emulator.baseUrl() + "/v1/environments")
                .header("Authorization", "Bearer wrong-token")
                .build());
        // The workflows the pulse started, with their pulse trigger_params, and their runs carrying its id.
        call(get("/v1/workflows?page%5Bsize%5D=100"));
        call(get("/v1/workflows/smoke-test-production"));
        call(get("/v1/workflows/announce-pulse/workflow_runs"));
        JsonNode runs = call(get("/v1/workflows/smoke-test-production/workflow_runs"));

        List<Exchange> seen = recorder.exchanges();
        List<String> problems = new ArrayList<>();
        for (Exchange e : seen) {
            String p = contractFor(e).check(e);
            if (!p.isEmpty()) {
                problems.add(e.request().method() + " " + e.request().url() + " -> " + e.status() + "\n" + p);
            }
        }
        assertThat(problems).isEmpty();
        assertThat(seen.stream()
                        .map(e -> e.request().method() + " " + e.request().url().encodedPath() + " " + e.status())
                        .collect(Collectors.toSet()))
                .contains(
                        "POST /v1/pulses 201",
                        "POST /v1/pulses 422",
                        "POST /v1/pulses 401",
                        "POST /v1/pulses 503",
                        "GET /v1/pulses 200",
                        "GET /v1/pulses 429",
                        "GET /v1/services 200",
                        "GET /v1/environments 200",
                        "GET /v1/environments 401");
        Exchange smoke = seen.stream()
                .filter(e -> e.request().url().encodedPath().equals("/v1/workflows/smoke-test-production"))
                .findFirst()
                .orElseThrow();
        Exchange spoiled = new Exchange(
                smoke.request(),
                smoke.requestBody(),
                smoke.status(),
                smoke.contentType(),
                smoke.responseBody()
                        .replace("\"pulse_condition_label\":\"CONTAINS\"", "\"pulse_condition_label\":\"LIKE\""));
        assertThat(spoiled.responseBody()).isNotEqualTo(smoke.responseBody());
        assertThat(contract.check(spoiled))
                .as("the validator does check a pulse workflow's trigger_params")
                .isNotEmpty();
        String pulseId = created.path("data").path("id").asText();
        assertThat(runs.path("data").path(0).path("attributes").path("pulse_id").asText())
                .as("the run the pulse started was listed and checked")
                .isEqualTo(pulseId);
    }

    @Test
    void thePulseByIdIsTheListedOneAndItsErrorsAreErrorLists() throws Exception {
        String id = call(pulse("\"summary\":\"Deploy\",\"labels\":[{\"key\":\"env\",\"value\":\"staging\"}]"))
                .path("data")
                .path("id")
                .asText();
        JsonNode listed = call(get("/v1/pulses")).path("data").path(0);
        JsonNode byId = call(get("/v1/pulses/" + id));
        call(get("/v1/pulses/00000000-0000-4000-8000-000000000000"));

        // The excerpt has no GET /v1/pulses/{id}: its answer must equal the listed pulse, which the spec checks...
        List<Exchange> seen = recorder.exchanges();
        assertThat(contract.check(seen.get(1))).isEmpty();
        assertThat(byId.path("data")).isEqualTo(listed);
        // ...and its 404 must be an errors_list, which every operation's default answer is (see OpenApiContract).
        Exchange notFound = seen.get(3);
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(contract.checkResponse(asListPulses(notFound))).isEmpty();
    }

    @Test
    void offSpecPulseAndLookupRequestsGetConformingErrors() throws Exception {
        List<Request> offSpec = List.of(
                pulse("\"source\":\"jenkins\""),
                pulse("\"summary\":\"  \""),
                pulse("\"summary\":\"s\",\"labels\":{\"env\":\"prod\"}"),
                pulse("\"summary\":\"s\",\"started_at\":\"yesterday\""),
                pulse("\"summary\":\"s\",\"short_id\":\"x\""),
                post(
                        "/v1/pulses",
                        "{\"data\":{\"type\":\"pulses\",\"attributes\":{}}}",
                        MediaType.get("application/json"),
                        TOKEN),
                post("/v1/pulses", "{not json", JSON_API, TOKEN),
                get("/v1/pulses?page%5Bsize%5D=1000"),
                get("/v1/pulses?filter%5Bcreated_at%5D%5Bgte%5D=never"),
                get("/v1/services?page%5Bnumber%5D=0"),
                get("/v1/environments?page%5Bsize%5D=x"));
        for (Request r : offSpec) {
            call(r);
        }

        List<Exchange> seen = recorder.exchanges();
        assertThat(seen)
                .extracting(Exchange::status)
                .containsExactly(422, 422, 422, 422, 422, 415, 400, 400, 400, 400, 400);
        assertThat(seen).allSatisfy(e -> assertThat(contractFor(e).checkResponse(e))
                .as(e.request().url().toString())
                .isEmpty());
        assertThat(seen.get(0).responseBody()).contains("Summary can't be blank");
        assertThat(contract.check(seen.get(0)))
                .as("the validator does reject a pulse without a summary")
                .contains("summary");
        assertThat(emulator.pulses()).isEmpty();
    }

    /** The exchange as if it had been answered on {@code GET /v1/pulses}, whose default answer is an errors_list. */
    private static Exchange asListPulses(Exchange e) {
        HttpUrl url = e.request().url().newBuilder().encodedPath("/v1/pulses").build();
        return new Exchange(
                e.request().newBuilder().url(url).build(),
                e.requestBody(),
                e.status(),
                e.contentType(),
                e.responseBody());
    }
}
