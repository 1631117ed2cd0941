package io.github.rootlyworkflowrun.emulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A webhook receiver on a real loopback socket (the JDK's server): records each POST and answers a set status. */
final class WebhookReceiver implements AutoCloseable {
    /** One request as it arrived: the signature header and the raw body. */
    record Received(String signature, String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicInteger status = new AtomicInteger(202);
    private final AtomicInteger inHandler = new AtomicInteger();
    private volatile CountDownLatch hold = new CountDownLatch(0);

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/rootly-webhook/", exchange -> {
            try (exchange) {
                inHandler.incrementAndGet();
                byte[] body = exchange.getRequestBody().readAllBytes();
                received.add(new Received(
                        exchange.getRequestHeaders().getFirst("X-Rootly-Signature"),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        body));
                try {
                    hold.await(10, TimeUnit.SECONDS); // a hard bound, so a test can never hang here
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(status.get(), -1);
            } finally {
                inHandler.decrementAndGet();
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/rootly-webhook/");
    }

    void answer(int code) {
        status.set(code);
    }

    /** Holds every answer until the returned latch is counted down. */
    CountDownLatch holdAnswers() {
        hold = new CountDownLatch(1);
        return hold;
    }

    int inHandler() {
        return inHandler.get();
    }

    /** The next request, waiting at most 10 s for it. */
    Received next() throws InterruptedException {
        Received r = received.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no webhook arrived within 10 s");
        }
        return r;
    }

    /** The next {@code n} requests, waiting at most 10 s for each. */
    List<Received> next(int n) throws InterruptedException {
        List<Received> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    /** What has arrived and not been taken yet. */
    List<Received> drain() {
        List<Received> out = new ArrayList<>();
        received.drainTo(out);
        return out;
    }

    static Duration deadline() {
        return Duration.ofSeconds(10);
    }

    @Override
    public void close() {
        hold.countDown();
        server.stop(0);
    }
}
