package io.github.rootlyworkflowrun.engine;

import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.testing.ApiJson;
import io.github.rootlyworkflowrun.testing.ManualScheduler;
import io.github.rootlyworkflowrun.testing.ScriptedRootly;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A real HTTP server on loopback, a scripted Rootly behind it, and an engine on manual time. */
abstract class EngineTestBase {
    static final String TOKEN = "rootly_SECRET_token_7f3a9c";
    /** For calls the server answers: generous, so a slow, loaded JVM never turns an answer into a timeout. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** For calls the server is scripted never to answer: short is no race, because no answer ever comes. */
    static final Duration STALL_READ_TIMEOUT = Duration.ofMillis(200);

    MockWebServer server;
    ManualScheduler scheduler;
    ScriptedRootly rootly;
    RunEngine engine;
    final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        scheduler = new ManualScheduler();
        rootly = new ScriptedRootly(scheduler.clock());
        server = new MockWebServer();
        server.setDispatcher(rootly);
        server.start();
        engine = engine(READ_TIMEOUT);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    RunEngine engine(Duration readTimeout) {
        return engineOn(scheduler, readTimeout, (method, path) -> rootly.nextAnswerStalls(method, path));
    }

    /**
     * An engine on {@code on}'s manual time, with fixed jitter, whose calls the scripted server means never to answer
     * ({@code stalls} of method and path) time out after {@link #STALL_READ_TIMEOUT} instead of {@code readTimeout}.
     */
    static RunEngine engineOn(ManualScheduler on, Duration readTimeout, BiPredicate<String, String> stalls) {
        return RunEngine.builder()
                .scheduler(on)
                .clock(on.clock())
                .httpClient(RootlyClient.defaultHttpClient()
                        .readTimeout(readTimeout)
                        .addInterceptor(chain -> stalls.test(
                                        chain.request().method(),
                                        chain.request().url().encodedPath())
                                ? chain.withReadTimeout((int) STALL_READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                                        .proceed(chain.request())
                                : chain.proceed(chain.request()))
                        .build())
                .random(new SplittableRandom(7))
                .userAgentSuffix("test")
                .build();
    }

    /** A ticket for a run of the test workflow on this server, its wait starting now and ending after {@code timeout}. */
    WaitTicket ticket(String runId, String workflowName, Instant createdAt, Duration timeout, int requestsSoFar) {
        Instant now = scheduler.clock().instant();
        return new WaitTicket(
                server.url("/").toString().replaceAll("/$", ""),
                ApiJson.WORKFLOW_ID,
                workflowName,
                runId,
                createdAt,
                now,
                now.plus(timeout),
                Duration.ofSeconds(10),
                "ROOTLY_API_TOKEN",
                requestsSoFar,
                null);
    }

    RunSpec.Builder spec() {
        return RunSpec.builder()
                .apiUrl(server.url("/").toString())
                .token(TOKEN, "ROOTLY_API_TOKEN")
                .workflow(ApiJson.WORKFLOW_ID)
                .ciContext(Map.of("provider", "test"))
                .requestId("req-1");
    }

    RunResult run(RunSpec spec) {
        return settle(engine.run(spec, events::add));
    }

    <T> T settle(CompletableFuture<T> future) {
        scheduler.runUntil(future);
        return future.getNow(null);
    }

    <E extends ProgressEvent> List<E> eventsOf(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
