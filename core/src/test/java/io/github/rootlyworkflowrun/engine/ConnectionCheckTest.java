package io.github.rootlyworkflowrun.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.api.ApiToken;
import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.testing.ApiJson;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each way a connection can fail gets its own message that names the fix. */
class ConnectionCheckTest {
    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RootlyClient client(String url) {
        return client(url, Duration.ofSeconds(30));
    }

    /** A short read timeout only where the server never answers, so it cannot race a slow answer. */
    private RootlyClient client(String url, Duration readTimeout) {
        return RootlyClient.create(
                url,
                ApiToken.of("t"),
                RootlyClient.defaultHttpClient().readTimeout(readTimeout).build(),
                Clock.systemUTC(),
                "test");
    }

    @Test
    void okCountsTheVisibleWorkflows() throws Exception {
        server.enqueue(new MockResponse.Builder()
                .body(ApiJson.list(List.of(ApiJson.workflowData("w", "s", "n")), 1, 1))
                .build());

        ConnectionCheck.Report r = ConnectionCheck.check(client(server.url("/").toString()), "credentials 'rootly'");

        assertThat(r.ok()).isTrue();
        assertThat(r.message()).contains("Connected to Rootly").contains("(1 visible)");
        assertThat(server.takeRequest().getUrl().queryParameter("page[size]")).isEqualTo("1");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "401|Rootly rejected the token (401 Invalid token): check the API token in credentials 'rootly'.",
                "403|The token is valid but may not list workflows (403 Invalid token)",
                "404|(404): check the API URL",
                "502|HTTP 502 (Invalid token)"
            })
    void httpFailuresNameTheFix(int status, String expected) {
        server.enqueue(new MockResponse.Builder()
                .code(status)
                .body(ApiJson.errors("Invalid token", status))
                .build());

        ConnectionCheck.Report r = ConnectionCheck.check(client(server.url("/").toString()), "credentials 'rootly'");

        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains(expected);
    }

    @Test
    void transportFailuresNameDnsRefusalTimeoutAndTls() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThat(ConnectionCheck.check(client("http://127.0.0.1:" + closed), "x")
                        .message())
                .contains("Connection to 127.0.0.1 was refused");
        assertThat(ConnectionCheck.check(client("https://no-such-host.invalid"), "x")
                        .message())
                .contains("Cannot resolve no-such-host.invalid (DNS)");
        server.enqueue(new MockResponse.Builder()
                .onResponseStart(SocketEffect.Stall.INSTANCE)
                .build());
        assertThat(ConnectionCheck.check(client(server.url("/").toString(), Duration.ofMillis(200)), "x")
                        .message())
                .contains("No answer from");
        // A server that answers a TLS ClientHello with plain text fails the handshake.
        try (ServerSocket plain = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread answer = new Thread(() -> {
                try (var socket = plain.accept()) {
                    socket.getOutputStream()
                            .write("HTTP/1.1 400 Bad Request\r\n\r\n"
                                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    // Keep the socket open until the client gives up on it (no sleep that a slow client could
                    // outlast and then see a reset instead of the failed handshake).
                    socket.setSoTimeout(30_000);
                    socket.getInputStream().readAllBytes();
                } catch (IOException ignored) {
                    // the client has gone
                }
            });
            answer.start();
            assertThat(ConnectionCheck.check(client("https://127.0.0.1:" + plain.getLocalPort()), "x")
                            .message())
                    .contains("TLS handshake with 127.0.0.1 failed")
                    .contains("trust store");
            answer.join();
        }
    }

    @Test
    void proxyAskingForCredentialsIsNamed() {
        server.enqueue(new MockResponse.Builder()
                .code(407)
                .setHeader("Proxy-Authenticate", "Basic realm=\"corp\"")
                .build());
        RootlyClient viaProxy = RootlyClient.create(
                "http://rootly.example.invalid",
                ApiToken.of("t"),
                RootlyClient.defaultHttpClient().proxy(server.getProxyAddress()).build(),
                Clock.systemUTC(),
                "test");

        ConnectionCheck.Report r = ConnectionCheck.check(viaProxy, "x");

        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("proxy asks for authentication (407)");
    }
}
