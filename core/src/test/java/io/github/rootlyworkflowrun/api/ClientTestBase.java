package io.github.rootlyworkflowrun.api;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A client on a fixed clock against a MockWebServer on loopback, answering what each test enqueues. */
abstract class ClientTestBase {
    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    MockWebServer server;
    RootlyClient client;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        client = RootlyClient.create(
                server.url("/").toString(),
                ApiToken.of("tok-123"),
                RootlyClient.defaultHttpClient().build(),
                Clock.fixed(NOW, ZoneOffset.UTC),
                "rootly-workflow-run/test");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Enqueues one answer; {@code headers} are name, value pairs. */
    void answer(int code, String body, String... headers) {
        MockResponse.Builder b = new MockResponse.Builder().code(code).body(body);
        for (int i = 0; i < headers.length; i += 2) {
            b.setHeader(headers[i], headers[i + 1]);
        }
        server.enqueue(b.build());
    }
}
