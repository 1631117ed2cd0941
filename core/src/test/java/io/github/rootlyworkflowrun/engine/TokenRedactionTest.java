package io.github.rootlyworkflowrun.engine;

import static io.github.rootlyworkflowrun.testing.ScriptedRootly.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.api.RootlyApiException;
import io.github.rootlyworkflowrun.testing.ApiJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;

/** The token is fed through every failure path and must show up in no text the engine produces. */
class TokenRedactionTest extends EngineTestBase {

    @Test
    void tokenAppearsInNoMessageToStringEventOrLog() throws Exception {
        List<String> texts = new ArrayList<>();
        Logger root = Logger.getLogger("");
        Level oldLevel = root.getLevel();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                texts.add(record.getMessage() + " " + record.getThrown());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        try {
            List<MockResponse> failures = Stream.of(401, 403, 404, 415, 422, 429, 500, 502, 503)
                    .map(s -> json(s, ApiJson.errors("Error for " + s, s)))
                    .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
            failures.add(new MockResponse.Builder()
                    .onResponseStart(SocketEffect.Stall.INSTANCE)
                    .build());
            failures.add(new MockResponse.Builder()
                    .onRequestStart(SocketEffect.ShutdownConnection.INSTANCE)
                    .build());
            failures.add(json(201, "{not json"));
            for (MockResponse failure : failures) {
                rootly.onPost(failure);
                for (int i = 0; i < Retrier.MAX_ATTEMPTS; i++) {
                    rootly.onList(failure);
                }
                RunResult result = run(spec().waitForCompletion(true).build());
                texts.add(result.message());
                texts.add(result.toString());
                texts.add(result.fields().toString());
            }
            int closed;
            try (ServerSocket s = new ServerSocket(0)) {
                closed = s.getLocalPort();
            }
            RunResult refused = run(spec().apiUrl("http://127.0.0.1:" + closed).build());
            texts.add(refused.message());

            for (ProgressEvent e : events) {
                texts.add(e.describe());
                texts.add(e.toString());
            }
            RunSpec spec = spec().build();
            texts.add(spec.toString());
            texts.add(spec.token().toString());
            texts.add(String.valueOf(spec.context()));
            RootlyApiException thrown = captureClientException();
            ByteArrayOutputStream trace = new ByteArrayOutputStream();
            thrown.printStackTrace(new PrintStream(trace, true, StandardCharsets.UTF_8));
            texts.add(trace.toString(StandardCharsets.UTF_8));
        } finally {
            root.removeHandler(capture);
            root.setLevel(oldLevel);
        }

        assertThat(texts).hasSizeGreaterThan(40).noneMatch(t -> t != null && t.contains(TOKEN));
        assertThat(String.join("\n", texts)).contains("Error for 401").contains("connection refused");
    }

    private RootlyApiException captureClientException() {
        io.github.rootlyworkflowrun.api.RootlyClient client = io.github.rootlyworkflowrun.api.RootlyClient.create(
                server.url("/").toString(),
                io.github.rootlyworkflowrun.api.ApiToken.of(TOKEN),
                io.github.rootlyworkflowrun.api.RootlyClient.defaultHttpClient().build(),
                scheduler.clock(),
                "ua");
        rootly.onWorkflowLookup(json(401, ApiJson.errors("Invalid token", 401)));
        try {
            client.listWorkflows("slug", "x", 1, 1);
            throw new AssertionError("expected a failure");
        } catch (RootlyApiException e) {
            return e;
        }
    }
}
