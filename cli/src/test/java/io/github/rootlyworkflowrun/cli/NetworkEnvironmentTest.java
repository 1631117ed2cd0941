package io.github.rootlyworkflowrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runner in-process behind a real loopback proxy that asks for Basic credentials and forwards to the emulator;
 * the credentials come from the proxy variable's user info and are never printed.
 */
class NetworkEnvironmentTest {
    private static final String TOKEN = "cli-proxy-SECRET-token";
    private static final String PASSWORD = "pr0xy-p@ss";

    private RootlyEmulator emulator;
    private MockWebServer proxy;
    private final List<RecordedRequest> proxied = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void start() throws IOException {
        emulator = RootlyEmulator.builder().token(TOKEN).start();
        proxy = new MockWebServer();
        proxy.setDispatcher(new ForwardingProxy());
        proxy.start();
        env.put("ROOTLY_API_TOKEN", TOKEN);
        env.put("ROOTLY_API_URL", emulator.baseUrl());
    }

    @AfterEach
    void stop() {
        proxy.close();
        emulator.close();
    }

    /** A plain-HTTP forward proxy: 407 until Basic credentials come, then the request goes on to its target. */
    private final class ForwardingProxy extends Dispatcher {
        private final OkHttpClient direct = new OkHttpClient();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            proxied.add(request);
            if (request.getHeaders().get("Proxy-Authorization") == null) {
                return new MockResponse.Builder()
                        .code(407)
                        .setHeader("Proxy-Authenticate", "Basic realm=\"ci\"")
                        .build();
            }
            Request.Builder forward = new Request.Builder().url(request.getUrl());
            for (String name : List.of("Authorization", "Accept", "User-Agent")) {
                String v = request.getHeaders().get(name);
                if (v != null) {
                    forward.header(name, v);
                }
            }
            String type = request.getHeaders().get("Content-Type");
            RequestBody body = request.getBody() == null || request.getMethod().equals("GET")
                    ? null
                    : RequestBody.create(request.getBody().toByteArray(), type == null ? null : MediaType.get(type));
            forward.method(request.getMethod(), body);
            try (Response r = direct.newCall(forward.build()).execute()) {
                MockResponse.Builder answer =
                        new MockResponse.Builder().code(r.code()).body(r.body().string());
                String contentType = r.header("Content-Type");
                if (contentType != null) {
                    answer.setHeader("Content-Type", contentType);
                }
                return answer.build();
            } catch (IOException e) {
                return new MockResponse.Builder().code(502).build();
            }
        }
    }

    private int run(String... args) {
        return Main.execute(
                args,
                new Environment(env),
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String everything() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void httpProxyWithUserInfoCarriesEveryRequestAndThePasswordIsNeverShown() {
        env.put("HTTP_PROXY", "http://ci-bot:" + PASSWORD.replace("@", "%40") + "@127.0.0.1:" + proxy.getPort());

        int exit = run("--workflow", "deploy-succeeds", "--wait", "--poll-interval", "1s", "--verbose");

        assertThat(exit).as(everything()).isZero();
        String basic =
                "Basic " + Base64.getEncoder().encodeToString(("ci-bot:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(proxied).extracting(r -> r.getUrl().toString()).anyMatch(u -> u.contains("/workflow_runs"));
        assertThat(proxied.stream()
                        .filter(r -> r.getHeaders().get("Proxy-Authorization") != null)
                        .map(r -> r.getHeaders().get("Proxy-Authorization")))
                .isNotEmpty()
                .containsOnly(basic);
        assertThat(proxied.stream()
                        .filter(r ->
                                r.getMethod().equals("POST") && r.getHeaders().get("Proxy-Authorization") != null))
                .as("the create reached Rootly once")
                .hasSize(1);
        assertThat(emulator.ledger()).hasSize(1);
        assertThat(everything())
                .doesNotContain(PASSWORD)
                .doesNotContain("pr0xy")
                .doesNotContain(basic.substring(6));
    }

    @Test
    void lowerCaseHttpProxyWinsAndNoProxyGoesDirect() {
        env.put("http_proxy", "http://ci-bot:" + PASSWORD.replace("@", "%40") + "@127.0.0.1:" + proxy.getPort());
        env.put("HTTP_PROXY", "http://127.0.0.1:1"); // nothing listens there
        env.put("NO_PROXY", "example.org, 127.0.0.1");

        assertThat(run("--workflow", "deploy-succeeds")).as(everything()).isZero();
        assertThat(proxied).isEmpty();

        env.remove("NO_PROXY");
        assertThat(run("--workflow", "deploy-succeeds")).as(everything()).isZero();
        assertThat(proxied).isNotEmpty();
    }

    @Test
    void anUnusableProxyVariableIsBadInputNamingIt() {
        env.put("http_proxy", "socks5://ci-bot:" + PASSWORD + "@127.0.0.1:1080");

        assertThat(run("--workflow", "deploy-succeeds")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("rootly-workflow-run: http_proxy: 'socks5://***@127.0.0.1:1080' uses socks5://")
                .doesNotContain(PASSWORD);
        assertThat(emulator.ledger()).isEmpty();
        assertThat(proxied).isEmpty();
    }
}
