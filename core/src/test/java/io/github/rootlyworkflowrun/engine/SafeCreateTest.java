package io.github.rootlyworkflowrun.engine;

import static io.github.rootlyworkflowrun.testing.ScriptedRootly.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.testing.ApiJson;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One invocation never creates two runs: retries only when the POST provably never arrived. */
class SafeCreateTest extends EngineTestBase {

    private static MockResponse stallAfterReading() {
        return new MockResponse.Builder()
                .onResponseStart(SocketEffect.Stall.INSTANCE)
                .build();
    }

    @Test
    void connectionRefusedIsRetriedAndCreatesOnce() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort(); // closed again: nothing listens there yet
        }
        RunSpec spec = spec().apiUrl("http://127.0.0.1:" + port).build();
        CompletableFuture<RunResult> future = engine.create(spec, events::add);

        scheduler.runNextDue(); // first attempt: refused, a retry is scheduled
        assertThat(eventsOf(ProgressEvent.Retrying.class))
                .singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("not sent").contains("connection refused"));

        try (MockWebServer late = new MockWebServer()) {
            late.setDispatcher(rootly);
            late.start(port);
            RunResult result = settle(future);

            assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
            assertThat(late.getRequestCount()).isEqualTo(1);
            assertThat(rootly.count("POST", "")).isEqualTo(1);
        }
    }

    @Test
    void readTimeoutAfterSendingIsReconciledToTheRunCreated() {
        rootly.createEvenWhenOverridden().onPost(stallAfterReading());

        RunResult result = run(spec().build());

        assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(result.run().id()).isEqualTo("run-1");
        assertThat(rootly.count("POST", ""))
                .as("exactly one POST reached the server")
                .isEqualTo(1);
        assertThat(eventsOf(ProgressEvent.Reconciling.class)).singleElement().satisfies(r -> assertThat(r.requestId())
                .isEqualTo("req-1"));
        assertThat(eventsOf(ProgressEvent.Reconciled.class)).singleElement().satisfies(r -> assertThat(r.runId())
                .isEqualTo("run-1"));
        // The search window starts well before the attempt, to survive clock skew.
        assertThat(rootly.seen().get(1).query().get("filter[created_at][gte]"))
                .isEqualTo(scheduler.clock().instant().minus(Reconciler.WINDOW).toString());
    }

    @Test
    void createProcessedAfterTheClientGaveUpIsFoundByALaterSearch() {
        rootly.onPost(stallAfterReading());
        CompletableFuture<RunResult> future = engine.create(spec().build(), events::add);
        // Step until the first search has come back empty, then let the server store the run it was still
        // processing: the grace period's next search must find it. Manual time, so no race with a real delay.
        while (rootly.count("GET", "/workflow_runs") == 0) {
            assertThat(scheduler.runNextDue()).as("engine still has work").isTrue();
        }
        rootly.existingRun("run-late", "req-1", scheduler.clock().instant(), "queued");

        RunResult result = settle(future);

        assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.CREATED);
        assertThat(result.run().id()).isEqualTo("run-late");
        assertThat(rootly.count("POST", "")).isEqualTo(1);
        assertThat(rootly.count("GET", "/workflow_runs")).isEqualTo(2);
        assertThat(eventsOf(ProgressEvent.Reconciled.class)).hasSize(1);
    }

    @Test
    void readTimeoutWithNoMatchingRunIsOutcomeUnknown() {
        rootly.existingRun("someone-elses", "other-request", Instant.parse("2026-11-29T11:59:00Z"), "completed");
        rootly.onPost(stallAfterReading());

        RunResult result = run(spec().waitForCompletion(true).build());

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.message())
                .contains("Outcome unknown")
                .contains("req-1")
                .contains("before trying again");
        assertThat(rootly.count("POST", "")).isEqualTo(1);
        assertThat(result.run()).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void serverErrorOnCreateIsReconciledNotRetried(int status) {
        rootly.createEvenWhenOverridden().onPost(json(status, "<html><title>Bad Gateway</title></html>"));

        RunResult result = run(spec().waitForCompletion(true).build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(rootly.count("POST", "")).isEqualTo(1);
        assertThat(eventsOf(ProgressEvent.Reconciled.class)).hasSize(1);
    }

    @Test
    void droppedConnectionAfterSendingWithoutCiContextIsOutcomeUnknown() {
        rootly.createEvenWhenOverridden()
                .onPost(new MockResponse.Builder()
                        .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
                        .build());

        RunResult result = run(spec().ciContext(null).build());

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.message()).contains("Outcome unknown").contains("CI context is off");
        assertThat(rootly.count("POST", "")).isEqualTo(1);
        assertThat(rootly.count("GET", "")).isZero();
    }

    @Test
    void rateLimitedCreateIsRetriedAfterTheResetBecauseNothingWasCreated() {
        Instant reset = scheduler.clock().instant().plusSeconds(30);
        rootly.onPost(new MockResponse.Builder()
                .code(429)
                .setHeader("X-RateLimit-Reset", reset.getEpochSecond())
                .setHeader("X-RateLimit-Remaining", 0)
                .body("{\"error\": \"Rate limit exceeded. Try again later.\"}")
                .build());

        RunResult result = run(spec().build());

        assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(rootly.count("POST", "")).isEqualTo(2);
        assertThat(rootly.seen().get(1).at()).isAfterOrEqualTo(reset);
        assertThat(eventsOf(ProgressEvent.RateLimited.class)).hasSize(1);
    }

    @Test
    void createBodyCarriesTargetFlagsAndMergedContext() throws Exception {
        RunSpec spec = spec().target(io.github.rootlyworkflowrun.api.Target.Kind.PULSE, "pulse-9")
                .immediate(false)
                .checkConditions(true)
                .contextJson("{\"service\":\"api\",\"ci\":{\"job\":\"mine\"}}")
                .build();

        run(spec);

        var body = ApiJson.MAPPER.readTree(rootly.seen().get(0).body());
        var attributes = body.path("data").path("attributes");
        assertThat(body.path("data").path("type").asText()).isEqualTo("workflow_runs");
        assertThat(attributes.path("pulse_id").asText()).isEqualTo("pulse-9");
        assertThat(attributes.path("immediate").asBoolean()).isFalse();
        assertThat(attributes.path("check_conditions").asBoolean()).isTrue();
        assertThat(attributes.path("context").path("service").asText()).isEqualTo("api");
        assertThat(attributes.path("context").path("ci").path("job").asText())
                .as("user keys win")
                .isEqualTo("mine");
        assertThat(attributes.path("context").path("ci").path("provider").asText())
                .isEqualTo("test");
        assertThat(attributes.path("context").path("ci").path("request_id").asText())
                .isEqualTo("req-1");
    }
}
