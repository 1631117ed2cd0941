package io.github.rootlyworkflowrun.bench;

import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import io.github.rootlyworkflowrun.emulator.Scenario;
import io.github.rootlyworkflowrun.engine.RunEngine;
import io.github.rootlyworkflowrun.engine.RunResult;
import io.github.rootlyworkflowrun.engine.RunSpec;
import io.github.rootlyworkflowrun.webhook.WebhookInbox;
import io.github.rootlyworkflowrun.webhook.WebhookSignature;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The inbox's share of contract section 9's "202 within 100 ms": how long {@link WebhookInbox#receive} takes for a
 * valid signed event while 1,000 waits are pending (10 workflows, runs that stay started), measured call by call
 * (no JMH: many iterations after a warm-up, median and tail). Three ways: the engine's polls never run (the inbox
 * and the nudge alone); the engine polling the emulator in real time, every event nudging a listing; and a whole
 * HTTP POST to a loopback receiver, as Rootly would see it.
 */
public final class InboxBenchmark {
    private static final String TOKEN = "b4-inbox";
    private static final String SECRET = "b4-inbox-secret";
    private static final int WAITS = 1000;
    private static final int WORKFLOWS = 10;
    private static final int WARM_UP = 2_000;

    private InboxBenchmark() {}

    public static void main(String[] args) throws Exception {
        System.out.println(
                "| how | pending waits | events timed | median | p99 | p99.9 | max | target at most 100 ms |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        idleEngine(50_000);
        pollingEngine(20_000, 5_000);
    }

    private static Scenario scenario() {
        Scenario.Builder s = Scenario.builder().rateLimit(100_000_000, Duration.ofMinutes(1), false);
        for (int w = 0; w < WORKFLOWS; w++) {
            s.workflow(Scenario.WorkflowSpec.builder("w" + w).then("started").build());
        }
        return s.build();
    }

    /** The engine's scheduler is simulated and never run: each receive is the signature check, parse and nudge. */
    private static void idleEngine(int events) throws Exception {
        SimulatedTime time = new SimulatedTime(Instant.parse("2026-11-29T12:00:00Z"));
        RunEngine engine = RunEngine.builder()
                .scheduler(time)
                .clock(time.clock())
                .httpClient(RootlyClient.defaultHttpClient().build())
                .build();
        try (RootlyEmulator emulator = RootlyEmulator.builder()
                .token(TOKEN)
                .scenario(scenario())
                .clock(time.clock())
                .start()) {
            List<String> runs = startWaits(engine, emulator, time);
            WebhookInbox inbox = new WebhookInbox(engine, time.clock());
            List<Long> nanos = receiveMany(inbox, runs, events, time.clock());
            print("`receive`, engine idle (its polls never run)", nanos);
        }
    }

    /** The engine polls the emulator in real time on a timer thread and four I/O threads, as in Jenkins. */
    private static void pollingEngine(int events, int posts) throws Exception {
        JenkinsLikeEngine jenkins = new JenkinsLikeEngine("b4-inbox-");
        RunEngine engine = jenkins.engine;
        try (RootlyEmulator emulator =
                RootlyEmulator.builder().token(TOKEN).scenario(scenario()).start()) {
            List<String> runs = startWaits(engine, emulator, null);
            WebhookInbox inbox = new WebhookInbox(engine, Clock.systemUTC());
            List<Long> nanos = receiveMany(inbox, runs, events, Clock.systemUTC());
            print("`receive`, engine polling the emulator (each event nudges a listing)", nanos);
            try (WebhookReceiver receiver = WebhookReceiver.direct(inbox, SECRET)) {
                print(
                        "HTTP POST to a loopback receiver until its 202, engine polling",
                        postMany(receiver, runs, posts));
            }
            int lists = emulator.requestCounts().getOrDefault("list_runs", 0);
            System.out.println();
            System.out.printf("While timed with the engine polling, the emulator answered %d list requests.%n", lists);
        } finally {
            jenkins.close();
        }
    }

    /** Creates one run per wait and starts waiting on each (poll interval 2m, deadline 1h); returns the run ids. */
    private static List<String> startWaits(RunEngine engine, RootlyEmulator emulator, SimulatedTime time) {
        List<String> runs = new ArrayList<>();
        List<CompletableFuture<RunResult>> waits = new ArrayList<>();
        for (int i = 0; i < WAITS; i++) {
            RunSpec spec = RunSpec.builder()
                    .apiUrl(emulator.baseUrl())
                    .token(TOKEN, "bench")
                    .workflow(emulator.workflowId("w" + (i % WORKFLOWS)))
                    .ciContext(Map.of())
                    .waitForCompletion(true)
                    .timeout("1h")
                    .pollInterval("2m")
                    .build();
            waits.add(engine.run(spec, null));
        }
        if (time != null) {
            // Runs the creates; the first polls are a second later and never come.
            CompletableFuture<Void> created = new CompletableFuture<>();
            time.schedule(Duration.ofMillis(500), () -> created.complete(null));
            time.runUntil(created, SimulatedTime.QUIET);
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (emulator.ledger().size() < WAITS && System.nanoTime() < deadline) {
            sleep(20);
        }
        emulator.ledger().forEach(e -> runs.add(e.id()));
        long pending = waits.stream().filter(w -> !w.isDone()).count();
        if (runs.size() != WAITS || pending != WAITS) {
            throw new IllegalStateException(runs.size() + " runs created, " + pending + " waits pending; expected "
                    + WAITS + ": "
                    + waits.stream()
                            .filter(CompletableFuture::isDone)
                            .map(w -> w.join().outcome() + " " + w.join().message())
                            .findFirst()
                            .orElse(""));
        }
        return runs;
    }

    /** A completed event (the API still says started, so the wait goes on): the kind that makes a wait poll now. */
    private static byte[] event(int n, String runId, Instant at) {
        return ("{\"event\":{\"id\":\"evt-" + n + "\",\"type\":\"genius_workflow_run.completed\",\"issued_at\":\"" + at
                        + "\"},\"data\":{\"id\":\"" + runId + "\",\"status\":\"completed\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Times each receive of a fresh, validly signed event for one of the pending runs, in turn. */
    private static List<Long> receiveMany(WebhookInbox inbox, List<String> runs, int events, Clock clock) {
        WebhookSignature signature = WebhookSignature.of(SECRET);
        List<Long> nanos = new ArrayList<>(events);
        for (int i = 0; i < WARM_UP + events; i++) {
            byte[] body = event(i, runs.get(i % runs.size()), clock.instant());
            String header = signature.sign(clock.instant(), body);
            long start = System.nanoTime();
            WebhookInbox.Answer a = inbox.receive(SECRET, header, body.length, new ByteArrayInputStream(body));
            long took = System.nanoTime() - start;
            if (a.status() != 202 || !a.message().contains("checking run")) {
                throw new IllegalStateException("event " + i + ": " + a);
            }
            if (i >= WARM_UP) {
                nanos.add(took);
            }
        }
        return nanos;
    }

    /** Times whole POSTs to the receiver, one at a time, over one kept-alive connection. */
    private static List<Long> postMany(WebhookReceiver receiver, List<String> runs, int posts) throws Exception {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        WebhookSignature signature = WebhookSignature.of(SECRET);
        URI url = receiver.url();
        List<Long> nanos = new ArrayList<>(posts);
        int warmUp = WARM_UP / 4;
        for (int i = 0; i < warmUp + posts; i++) {
            byte[] body = event(1_000_000 + i, runs.get(i % runs.size()), Instant.now());
            HttpRequest request = HttpRequest.newBuilder(url)
                    .header("Content-Type", "application/json")
                    .header(WebhookSignature.HEADER, signature.sign(Instant.now(), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            long start = System.nanoTime();
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - start;
            if (r.statusCode() != 202 || !r.body().contains("checking run")) {
                throw new IllegalStateException("post " + i + ": " + r.statusCode() + " " + r.body());
            }
            if (i >= warmUp) {
                nanos.add(took);
            }
        }
        return nanos;
    }

    private static void print(String how, List<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted().toList();
        long max = sorted.get(sorted.size() - 1);
        System.out.printf(
                "| %s | %d | %,d | %s | %s | %s | %s | %s |%n",
                how,
                WAITS,
                sorted.size(),
                millis(WebhookBenchmark.percentile(sorted, 50)),
                millis(WebhookBenchmark.percentile(sorted, 99)),
                millis(WebhookBenchmark.percentile(sorted, 99.9)),
                millis(max),
                WebhookBenchmark.mark(WebhookBenchmark.percentile(sorted, 99) <= 100_000_000L)
                        + (max > 100_000_000L ? ", max over" : ""));
    }

    private static String millis(long nanos) {
        return nanos < 1_000_000 ? String.format("%.3f ms", nanos / 1e6) : String.format("%.1f ms", nanos / 1e6);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
