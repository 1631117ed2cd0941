package io.github.rootlyworkflowrun.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.engine.Outcome;
import io.github.rootlyworkflowrun.engine.PulseResult;
import io.github.rootlyworkflowrun.engine.PulseSpec;
import io.github.rootlyworkflowrun.engine.RunEngine;
import io.github.rootlyworkflowrun.testing.ManualScheduler;
import io.github.rootlyworkflowrun.testing.RecordingInterceptor;
import io.github.rootlyworkflowrun.testing.RecordingInterceptor.Exchange;
import io.github.rootlyworkflowrun.testing.ScriptedPulses;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every request a pulse sends (service and environment look-ups, the create, the search after an ambiguous create,
 * the workflow and run listings of discovery) checked against Rootly's OpenAPI excerpts with a real validator; the
 * answers of the spec's own operations are checked too, so the scripted server stays in the spec's shapes.
 */
class PulseRequestContractTest {
    private static final String SERVICE_ID = "53112ace-97df-486e-9a61-88ba2f85739e";
    private static final String WORKFLOW_ID = "11111111-2222-4333-8444-555555555555";

    private OpenApiContract pulses;
    private OpenApiContract lookups;
    private ManualScheduler scheduler;
    private ScriptedPulses rootly;
    private MockWebServer server;
    private final RecordingInterceptor recorder = new RecordingInterceptor();
    private RunEngine engine;

    @BeforeEach
    void setUp() throws Exception {
        pulses = OpenApiContract.load();
        lookups = OpenApiContract.load(OpenApiContract.LOOKUPS_SPEC);
        scheduler = new ManualScheduler();
        rootly = new ScriptedPulses(scheduler.clock())
                .service(SERVICE_ID, "api", "API")
                .environment("baa610df-9f9f-42b9-aa3b-a79e6bd89d60", "production", "Production")
                .pulseWorkflow(WORKFLOW_ID, "Deploy notice", Duration.ofSeconds(1), "started", "completed");
        server = new MockWebServer();
        server.setDispatcher(rootly);
        server.start();
        engine = RunEngine.builder()
                .scheduler(scheduler)
                .clock(scheduler.clock())
                .httpClient(RootlyClient.defaultHttpClient()
                        .addNetworkInterceptor(recorder)
                        .build())
                .build();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private PulseResult pulse(PulseSpec spec) {
        CompletableFuture<PulseResult> f = engine.pulse(spec, null);
        scheduler.runUntil(f);
        return f.join();
    }

    private PulseSpec.Builder spec() {
        return PulseSpec.builder()
                .apiUrl(server.url("/").toString())
                .token("contract-token", "the test token")
                .summary("Deploy api 1.4.2");
    }

    private void assertEveryRequestConforms(List<Exchange> exchanges) {
        assertThat(exchanges).isNotEmpty();
        for (Exchange e : exchanges) {
            String path = e.request().url().encodedPath();
            OpenApiContract contract =
                    path.equals("/v1/services") || path.equals("/v1/environments") ? lookups : pulses;
            assertThat(contract.checkRequest(e))
                    .as(e.request().method() + " " + e.request().url())
                    .isEmpty();
        }
    }

    @Test
    void aFullPulseWithDiscoveryConformsRequestByRequest() {
        PulseResult result = pulse(spec().service("api")
                .service("API")
                .environment("Production")
                .label("team=payments")
                .ciRefs(Map.of("commit_sha", "abc123"))
                .ref("image=api:1.4.2")
                .externalUrl("https://ci.example.com/build/42")
                .startedAt("2026-11-29T11:58:00Z")
                .endedAt("2026-11-29T11:59:30+00:00")
                .dataJson("{\"version\":\"1.4.2\",\"changes\":[1,2]}")
                .source("github-actions")
                .waitForTriggered(true)
                .settle("5s")
                .build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        List<Exchange> exchanges = recorder.exchanges();
        assertThat(exchanges)
                .extracting(e -> e.request().method() + " " + e.request().url().encodedPath())
                .contains(
                        "GET /v1/services",
                        "GET /v1/environments",
                        "POST /v1/pulses",
                        "GET /v1/workflows",
                        "GET /v1/workflows/" + WORKFLOW_ID + "/workflow_runs");
        assertEveryRequestConforms(exchanges);
        // The answers of the spec's own operations: the scripted server must stay in their shapes.
        for (Exchange e : exchanges) {
            String path = e.request().url().encodedPath();
            OpenApiContract contract =
                    path.equals("/v1/services") || path.equals("/v1/environments") ? lookups : pulses;
            assertThat(contract.checkResponse(e))
                    .as("answer to " + e.request().url())
                    .isEmpty();
        }
    }

    @Test
    void theSearchAfterAnAmbiguousCreateConforms() {
        rootly.createEvenWhenOverridden()
                .on(
                        "POST",
                        "/v1/pulses",
                        new MockResponse.Builder().code(503).body("busy").build());

        PulseResult result = pulse(spec().build());

        assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
        List<Exchange> searches = recorder.exchanges().stream()
                .filter(e -> e.request().method().equals("GET"))
                .toList();
        assertThat(searches).singleElement().satisfies(e -> assertThat(
                        e.request().url().queryParameterNames())
                .containsExactlyInAnyOrder("filter[refs]", "filter[created_at][gte]", "page[number]", "page[size]"));
        assertEveryRequestConforms(recorder.exchanges());
    }
}
