package io.github.rootlyworkflowrun.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.rootlyworkflowrun.webhook.WebhookInbox;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small webhook endpoint on loopback, as the Jenkins plugin's {@code /rootly-webhook/} is: POST only, the
 * signature header, the declared length and the body stream handed to {@link WebhookInbox#receive}, whose answer is
 * sent back as text. In {@linkplain #deferred deferred} mode the HTTP thread only queues the request and waits, and
 * the simulation's own thread calls the inbox at the simulated instant the event belongs to ({@link #processNext}).
 */
final class WebhookReceiver implements AutoCloseable {
    static final String PATH = "/rootly-webhook/";

    static {
        // As the emulator does: without it the JDK server's separate header and body writes meet the client's
        // delayed ACK, about 40 ms per request. Read once per JVM, so it must be set before any server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final WebhookInbox inbox;
    private final String secret;
    private final boolean deferred;
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    private final AtomicInteger received = new AtomicInteger();

    /** A request received in deferred mode, waiting for its answer. */
    private record Pending(String signature, long length, byte[] body, CompletableFuture<WebhookInbox.Answer> answer) {}

    private WebhookReceiver(WebhookInbox inbox, String secret, boolean deferred) throws IOException {
        this.inbox = inbox;
        this.secret = secret;
        this.deferred = deferred;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "bench-webhook-receiver-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext(PATH, this::handle);
        server.start();
    }

    /** The inbox is called on the HTTP thread, as a servlet container would. */
    static WebhookReceiver direct(WebhookInbox inbox, String secret) throws IOException {
        return new WebhookReceiver(inbox, secret, false);
    }

    /** The inbox is called by {@link #processNext} only. */
    static WebhookReceiver deferred(WebhookInbox inbox, String secret) throws IOException {
        return new WebhookReceiver(inbox, secret, true);
    }

    URI url() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + PATH);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                answer(exchange, new WebhookInbox.Answer(405, "POST only"));
                return;
            }
            received.incrementAndGet();
            String signature = exchange.getRequestHeaders().getFirst("X-Rootly-Signature");
            String declared = exchange.getRequestHeaders().getFirst("Content-Length");
            long length = declared == null ? -1 : Long.parseLong(declared.trim());
            WebhookInbox.Answer a;
            if (deferred) {
                byte[] body = exchange.getRequestBody().readNBytes(WebhookInbox.MAX_BODY_BYTES + 1);
                Pending p = new Pending(signature, length, body, new CompletableFuture<>());
                pending.add(p);
                try {
                    a = p.answer().get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    a = new WebhookInbox.Answer(503, "the simulation did not take the webhook: " + e);
                }
            } else {
                try (InputStream in = exchange.getRequestBody()) {
                    a = count(inbox.receive(secret, signature, length, in));
                }
            }
            answer(exchange, a);
        }
    }

    private WebhookInbox.Answer count(WebhookInbox.Answer a) {
        answers.computeIfAbsent(a.status() + " " + kind(a.message()), k -> new AtomicInteger())
                .incrementAndGet();
        return a;
    }

    /** The gist of an answer, for counting: whether a wait was nudged, or why not. */
    private static String kind(String message) {
        if (message.contains(": checking run")) {
            return "nudged a wait";
        }
        if (message.contains("no wait here knows run")) {
            return "no wait knows the run";
        }
        return message.replaceAll("^event \\S+ \\(\\S+\\)", "event").replaceAll("[0-9a-f-]{36}", "<id>");
    }

    private static void answer(HttpExchange exchange, WebhookInbox.Answer a) throws IOException {
        byte[] text = (a.message() + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(a.status(), text.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(text);
        }
    }

    /** Deferred mode: hands the next queued request to the inbox and answers it; false if none came in time. */
    boolean processNext(Duration timeout) throws InterruptedException {
        Pending p = pending.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (p == null) {
            return false;
        }
        p.answer()
                .complete(count(inbox.receive(secret, p.signature(), p.length(), new ByteArrayInputStream(p.body()))));
        return true;
    }

    /** How many answers of each kind were given, e.g. {@code 202 nudged a wait}. */
    Map<String, Integer> answers() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        answers.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    int received() {
        return received.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
