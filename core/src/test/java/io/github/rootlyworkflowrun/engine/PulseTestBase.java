package io.github.rootlyworkflowrun.engine;

import io.github.rootlyworkflowrun.testing.ManualScheduler;
import io.github.rootlyworkflowrun.testing.ScriptedPulses;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A real HTTP server on loopback with scripted pulse endpoints behind it, and an engine on manual time. */
abstract class PulseTestBase {
    static final String TOKEN = "rootly_SECRET_token_7f3a9c";
    static final Duration READ_TIMEOUT = EngineTestBase.READ_TIMEOUT;
    static final String API_ID = "53112ace-97df-486e-9a61-88ba2f85739e";
    static final String WEB_ID = "6a1f0c2e-5b7d-4e1a-9c3b-2d4e5f6a7b8c";
    static final String PROD_ID = "baa610df-9f9f-42b9-aa3b-a79e6bd89d60";
    static final String DEPLOY_WF = "11111111-2222-4333-8444-555555555555";
    static final String NOTIFY_WF = "66666666-7777-4888-9999-000000000000";

    MockWebServer server;
    ManualScheduler scheduler;
    ScriptedPulses rootly;
    RunEngine engine;
    final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        scheduler = new ManualScheduler();
        rootly = new ScriptedPulses(scheduler.clock())
                .service(API_ID, "api", "API")
                .service(WEB_ID, "web", "Web frontend")
                .environment(PROD_ID, "production", "Production");
        server = new MockWebServer();
        server.setDispatcher(rootly);
        server.start();
        engine = engine(scheduler);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    RunEngine engine(ManualScheduler on) {
        return EngineTestBase.engineOn(on, READ_TIMEOUT, (method, path) -> rootly.nextAnswerStalls(method, path));
    }

    PulseSpec.Builder spec() {
        return PulseSpec.builder()
                .apiUrl(server.url("/").toString())
                .token(TOKEN, "ROOTLY_API_TOKEN")
                .summary("Deploy api 1.4.2")
                .source("github-actions")
                .requestId("req-1");
    }

    PulseResult pulse(PulseSpec spec) {
        return settle(engine.pulse(spec, events::add));
    }

    <T> T settle(CompletableFuture<T> future) {
        scheduler.runUntil(future);
        return future.getNow(null);
    }

    <E extends ProgressEvent> List<E> eventsOf(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static MockResponse stallAfterReading() {
        return new MockResponse.Builder()
                .onResponseStart(SocketEffect.Stall.INSTANCE)
                .build();
    }

    static MockResponse status(int code, String... headers) {
        MockResponse.Builder b = new MockResponse.Builder()
                .code(code)
                .setHeader("Content-Type", "application/vnd.api+json")
                .body("{\"errors\":[{\"title\":\"scripted " + code + "\",\"status\":\"" + code + "\"}]}");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.setHeader(headers[i], headers[i + 1]);
        }
        return b.build();
    }
}
