package io.github.rootlyworkflowrun.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.testing.ApiJson;
import io.github.rootlyworkflowrun.testing.IdleClosingRelay;
import io.github.rootlyworkflowrun.testing.ScriptedRootly;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: a server that closes idle connections after 1 s, and two runs 3 s apart, so the second meets pooled
 * connections the server has closed. This one test spends real time: idle time is what it is about.
 */
class IdleConnectionTest {
    private MockWebServer server;
    private ScriptedRootly rootly;
    private IdleClosingRelay relay;
    private RunEngine engine;

    @BeforeEach
    void start() throws Exception {
        rootly = new ScriptedRootly(Clock.systemUTC()).nextRunGoesThrough("queued", "completed");
        server = new MockWebServer();
        server.setDispatcher(rootly);
        server.start();
        relay = new IdleClosingRelay(
                new InetSocketAddress(server.getHostName(), server.getPort()), Duration.ofSeconds(1));
        engine = RunEngine.builder()
                .httpClient(RootlyClient.defaultHttpClient().build())
                .random(new SplittableRandom(7))
                .userAgentSuffix("test")
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        relay.close();
        server.close();
    }

    @Test
    void aRunAfterAnIdleGapMakesNoRetryAndNoMoreRequestsThanTheFirst() throws Exception {
        List<ProgressEvent> first = new CopyOnWriteArrayList<>();
        RunResult one = runBySlug(first);
        int seenByFirst = rootly.seen().size();

        Thread.sleep(3000); // longer than the server's 1 s idle timeout, shorter than our 4 s keep-alive
        List<ProgressEvent> second = new CopyOnWriteArrayList<>();
        RunResult two = runBySlug(second);
        int seenBySecond = rootly.seen().size() - seenByFirst;

        assertThat(one.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(two.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(relay.idleCloses()).as("the server closed idle connections").isPositive();
        assertThat(second)
                .noneMatch(e -> e instanceof ProgressEvent.Retrying || e instanceof ProgressEvent.RateLimited);
        assertThat(second).extracting(ProgressEvent::describe).noneMatch(line -> line.startsWith("Retrying"));
        assertThat(two.apiRequests()).isEqualTo(one.apiRequests());
        assertThat(seenBySecond).isEqualTo(seenByFirst);
    }

    @Test
    void aCreateAfterAnIdleGapGoesOutOnceOnAFreshConnection() throws Exception {
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();
        RunResult one = run(ApiJson.WORKFLOW_ID, events);
        int accepted = relay.accepted();

        Thread.sleep(1500); // the create below is the first request after the server closed the pooled connection
        RunResult two = run(ApiJson.WORKFLOW_ID, events);

        assertThat(List.of(one.outcome(), two.outcome())).containsOnly(Outcome.SUCCEEDED);
        assertThat(events)
                .noneMatch(e -> e instanceof ProgressEvent.Retrying || e instanceof ProgressEvent.Reconciling);
        assertThat(rootly.count("POST", "/workflow_runs")).isEqualTo(2);
        assertThat(relay.accepted()).as("the second create opened a connection").isGreaterThan(accepted);
    }

    private RunResult runBySlug(List<ProgressEvent> events) throws Exception {
        rootly.onWorkflowLookup(new MockResponse.Builder()
                .code(200)
                .setHeader("Content-Type", "application/vnd.api+json")
                .body(ApiJson.list(List.of(ApiJson.workflowData(ApiJson.WORKFLOW_ID, "deploy", "Deploy")), 1, 1))
                .build());
        return run("deploy", events);
    }

    private RunResult run(String workflow, List<ProgressEvent> events) throws Exception {
        RunSpec spec = RunSpec.builder()
                .apiUrl("http://127.0.0.1:" + relay.port() + "/")
                .token("rootly_SECRET_token_7f3a9c", "ROOTLY_API_TOKEN")
                .workflow(workflow)
                .ciContext(Map.of("provider", "test"))
                .requestId("req-" + System.nanoTime())
                .waitForCompletion(true)
                .pollInterval("1s")
                .build();
        return engine.run(spec, events::add).get(30, TimeUnit.SECONDS);
    }
}
