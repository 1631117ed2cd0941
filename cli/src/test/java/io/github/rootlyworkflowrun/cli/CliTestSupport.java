package io.github.rootlyworkflowrun.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/** Reads files the way the GitHub runner and GitLab read them, so tests check what CI would see. */
final class CliTestSupport {
    private CliTestSupport() {}

    /** Parses a $GITHUB_OUTPUT file: {@code name=value} lines and {@code name<<DELIM} heredocs, as the runner does. */
    static Map<String, String> parseGitHubOutput(String text) throws IOException {
        Map<String, String> outputs = new LinkedHashMap<>();
        BufferedReader r = new BufferedReader(new StringReader(text));
        String line;
        while ((line = r.readLine()) != null) {
            if (line.isEmpty()) {
                continue;
            }
            int heredoc = line.indexOf("<<");
            int eq = line.indexOf('=');
            if (heredoc > 0 && (eq < 0 || heredoc < eq)) {
                String name = line.substring(0, heredoc);
                String delimiter = line.substring(heredoc + 2);
                StringBuilder value = new StringBuilder();
                String v;
                boolean first = true;
                while (!(v = r.readLine()).equals(delimiter)) {
                    if (!first) {
                        value.append('\n');
                    }
                    value.append(v);
                    first = false;
                }
                outputs.put(name, value.toString());
            } else {
                outputs.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return outputs;
    }

    /** GitHub Actions mode, with the step's output and summary files. */
    static Map<String, String> gitHubEnv(java.nio.file.Path output, java.nio.file.Path summary) {
        return Map.of(
                "GITHUB_ACTIONS",
                "true",
                "GITHUB_OUTPUT",
                output.toString(),
                "GITHUB_STEP_SUMMARY",
                summary.toString());
    }

    /** Parses a dotenv file of KEY=VALUE lines, as GitLab's dotenv report does. */
    static Map<String, String> parseDotenv(String text) {
        Map<String, String> vars = new LinkedHashMap<>();
        text.lines()
                .filter(l -> !l.isBlank())
                .forEach(l -> vars.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return vars;
    }

    /**
     * A loopback HTTP proxy in front of the emulator that delivers the first POST, waits for the emulator to act on
     * it, and then never answers it: a create processed by Rootly whose answer is lost, with no race between a
     * client timeout and a slow server. Requests that come after it are forwarded only once the create has been acted on.
     */
    static final class AnswerLosingProxy implements AutoCloseable {
        private static final Set<String> HOP_BY_HOP =
                Set.of("connection", "content-length", "date", "expect", "host", "transfer-encoding", "upgrade");
        private final String target;
        private final HttpServer server;
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final HttpClient http = HttpClient.newHttpClient();
        private final AtomicBoolean postSeen = new AtomicBoolean();
        private final CountDownLatch createActedOn = new CountDownLatch(1);
        private final CountDownLatch closed = new CountDownLatch(1);

        AnswerLosingProxy(String target) throws IOException {
            this.target = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(threads);
            server.createContext("/", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try {
                boolean loseAnswer = exchange.getRequestMethod().equals("POST") && postSeen.compareAndSet(false, true);
                if (!loseAnswer && postSeen.get()) {
                    createActedOn.await(); // e.g. the search for the run: only once the create has been acted on
                }
                HttpResponse<byte[]> answer = forward(exchange);
                if (loseAnswer) {
                    createActedOn.countDown();
                    closed.await(); // hold the connection open, unanswered, until the test ends
                    return;
                }
                answer.headers().map().forEach((name, values) -> {
                    if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                        exchange.getResponseHeaders().put(name, values);
                    }
                });
                exchange.sendResponseHeaders(
                        answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
                exchange.getResponseBody().write(answer.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        }

        private HttpResponse<byte[]> forward(HttpExchange exchange) throws IOException, InterruptedException {
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        @Override
        public void close() {
            closed.countDown();
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
