package io.github.rootlyworkflowrun.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.rootlyworkflowrun.api.ApiToken;
import io.github.rootlyworkflowrun.api.CreateRunRequest;
import io.github.rootlyworkflowrun.api.Page;
import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.api.WorkflowRun;
import io.github.rootlyworkflowrun.engine.Outcome;
import io.github.rootlyworkflowrun.engine.RunEngine;
import io.github.rootlyworkflowrun.engine.RunResult;
import io.github.rootlyworkflowrun.engine.RunSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * B3, scale: 1,000 concurrent waits over 10 workflows in this JVM, as a Jenkins controller would hold them, against an
 * emulator in its own process. The engine (shared timer, coalesced list requests) beside the naive design (a thread
 * per wait, each listing on its own), same runs, same poll interval. Loopback only; bounded in count and time.
 */
public final class ScaleBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WAITS = 1000;
    private static final int WORKFLOWS = 10;
    private static final Duration POLL = Duration.ofSeconds(2);
    private static final HttpClient CONTROL = HttpClient.newHttpClient();

    /** What one design cost. */
    record Figures(
            String design,
            int peakThreadsAdded,
            long heapAfterGcMiB,
            long pendingAtHeap,
            int listRequests,
            int ticks,
            int maxPerTick,
            double meanPerTick,
            long drainMillis,
            int succeeded) {}

    /** Heap used after GC, and how many waits were still pending at that moment. */
    record Heap(long mib, long pending) {}

    private ScaleBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path emulatorJar = Path.of(args.length > 0 ? args[0] : "emulator/target/rootly-api-emulator.jar");
        Path scenario = Files.createTempFile("b3-scenario", ".yaml");
        StringBuilder yaml = new StringBuilder("rateLimit: {limit: 100000000}\nworkflows:\n");
        for (int w = 0; w < WORKFLOWS; w++) {
            yaml.append("  - {slug: w")
                    .append(w)
                    .append(", steps: [{status: queued, for: 4s}, {status: started, for: 4s}, {status: completed}]}\n");
        }
        Files.writeString(scenario, yaml);
        Process emulator = new ProcessBuilder(
                        "java", "-jar", emulatorJar.toString(), "--token", "b3", "--scenario", scenario.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            String url = new BufferedReader(new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            List<Figures> rows = new ArrayList<>();
            rows.add(coalesced(url));
            control(url, "POST", "/_emulator/reset");
            rows.add(naive(url));
            System.out.println(
                    "| design | threads added (peak) | heap after GC (waits then pending) | list requests | poll rounds | list requests per round (max / mean) | time to drain | succeeded |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (Figures f : rows) {
                System.out.printf(
                        "| %s | %d | %d MiB (%d) | %d | %d | %d / %.1f | %d ms | %d of %d |%n",
                        f.design(),
                        f.peakThreadsAdded(),
                        f.heapAfterGcMiB(),
                        f.pendingAtHeap(),
                        f.listRequests(),
                        f.ticks(),
                        f.maxPerTick(),
                        f.meanPerTick(),
                        f.drainMillis(),
                        f.succeeded(),
                        WAITS);
            }
        } finally {
            emulator.destroy();
            emulator.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(scenario);
        }
    }

    private static Figures coalesced(String url) throws Exception {
        int baseline = settledThreadCount();
        JenkinsLikeEngine jenkins = new JenkinsLikeEngine("b3-");
        RunEngine engine = jenkins.engine;
        Sampler sampler = new Sampler(url, baseline).start();
        List<CompletableFuture<RunResult>> waits = new ArrayList<>();
        for (int i = 0; i < WAITS; i++) {
            RunSpec spec = RunSpec.builder()
                    .apiUrl(url)
                    .token("b3", "bench")
                    .workflow("w" + (i % WORKFLOWS))
                    .ciContext(Map.of())
                    .waitForCompletion(true)
                    .timeout("5m")
                    .pollInterval(POLL.toSeconds() + "s")
                    .build();
            waits.add(engine.run(spec, null));
        }
        Heap heap = heapWhilePending(
                () -> stats(url).path("create").asInt() >= WAITS,
                () -> waits.stream().filter(w -> !w.isDone()).count());
        CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).join();
        long done = System.currentTimeMillis();
        sampler.stop();
        int ok = (int) waits.stream()
                .filter(w -> w.join().outcome() == Outcome.SUCCEEDED)
                .count();
        jenkins.close();
        return sampler.figures("engine: shared timer, coalesced lists", heap, done - lastTerminal(url), ok);
    }

    private static Figures naive(String url) throws Exception {
        int baseline = settledThreadCount();
        Sampler sampler = new Sampler(url, baseline).start();
        RootlyClient client = RootlyClient.create(
                url, ApiToken.of("b3"), RootlyClient.defaultHttpClient().build(), Clock.systemUTC(), "naive");
        Map<String, String> ids = workflowIds(url);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger createsSettled = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        AtomicLong lastDone = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(WAITS);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < WAITS; i++) {
            String workflowId = ids.get("w" + (i % WORKFLOWS));
            Thread t = new Thread(
                    () -> {
                        try {
                            WorkflowRun created;
                            try {
                                created = client.createRun(
                                        new CreateRunRequest(workflowId, null, true, false, Map.of(), null));
                            } finally {
                                createsSettled.incrementAndGet();
                            }
                            Instant since = created.createdAtInstant().minusSeconds(60);
                            while (true) {
                                Thread.sleep(POLL.toMillis());
                                WorkflowRun seen = find(client, workflowId, since, created.id());
                                if (seen != null && seen.runStatus().isTerminal()) {
                                    ok.incrementAndGet();
                                    lastDone.accumulateAndGet(System.currentTimeMillis(), Math::max);
                                    return;
                                }
                            }
                        } catch (Exception e) {
                            // Counted as not succeeded; the first reason is shown with the figures.
                            firstFailure.compareAndSet(null, e.toString());
                        } finally {
                            finished.countDown();
                        }
                    },
                    "naive-wait-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        Heap heap = heapWhilePending(() -> createsSettled.get() >= WAITS, finished::getCount);
        finished.await(5, TimeUnit.MINUTES);
        sampler.stop();
        if (firstFailure.get() != null) {
            System.err.println("naive design, first failed wait: " + firstFailure.get());
        }
        return sampler.figures(
                "naive: a thread per wait, a list per wait", heap, lastDone.get() - lastTerminal(url), ok.get());
    }

    private static WorkflowRun find(RootlyClient client, String workflowId, Instant since, String runId) {
        for (int page = 1; page <= 200; page++) {
            Page<WorkflowRun> p = client.listRuns(workflowId, since, page, 100);
            for (WorkflowRun r : p.items()) {
                if (r.id().equals(runId)) {
                    return r;
                }
            }
            if (!p.hasNext()) {
                return null;
            }
        }
        return null;
    }

    /**
     * Heap used after a full GC, taken once every create has been answered (or has failed) and while the waits are
     * still pending; after two minutes at most, so that a design that loses creates cannot hang the benchmark.
     */
    private static Heap heapWhilePending(Callable<Boolean> createsSettled, java.util.function.LongSupplier pending)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!createsSettled.call() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(1500); // let every wait reach its first poll
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        long pendingNow = pending.getAsLong();
        return new Heap(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024), pendingNow);
    }

    /** When the last run reached its terminal status: 8 s after the last creation, by the emulator's ledger. */
    private static long lastTerminal(String url) throws Exception {
        JsonNode ledger = JSON.readTree(control(url, "GET", "/_emulator/runs"));
        Instant last = Instant.EPOCH;
        for (JsonNode run : ledger.path("runs")) {
            Instant created = java.time.OffsetDateTime.parse(
                            run.path("created_at").asText().replace(' ', 'T'))
                    .toInstant();
            last = created.isAfter(last) ? created : last;
        }
        return last.plusSeconds(8).toEpochMilli();
    }

    private static Map<String, String> workflowIds(String url) throws Exception {
        JsonNode list = JSON.readTree(CONTROL.send(
                        HttpRequest.newBuilder(URI.create(url + "/v1/workflows?page%5Bsize%5D=100"))
                                .header("Authorization", "Bearer b3")
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        Map<String, String> ids = new java.util.HashMap<>();
        list.path("data")
                .forEach(w -> ids.put(
                        w.path("attributes").path("slug").asText(), w.path("id").asText()));
        return ids;
    }

    private static JsonNode stats(String url) throws Exception {
        return JSON.readTree(control(url, "GET", "/_emulator/stats")).path("requests");
    }

    private static String control(String url, String method, String path) throws Exception {
        return CONTROL.send(
                        HttpRequest.newBuilder(URI.create(url + path))
                                .method(method, HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static int settledThreadCount() throws InterruptedException {
        System.gc();
        Thread.sleep(200);
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Samples thread count and the emulator's list-request count every 100 ms; groups list requests into poll rounds. */
    private static final class Sampler {
        private final String url;
        private final int baselineThreads;
        private final List<long[]> samples = new ArrayList<>(); // {time ms, list requests}
        private volatile boolean running = true;
        private volatile int peakThreads;
        private Thread thread;

        Sampler(String url, int baselineThreads) {
            this.url = url;
            this.baselineThreads = baselineThreads;
        }

        Sampler start() {
            thread = new Thread(
                    () -> {
                        while (running) {
                            try {
                                peakThreads = Math.max(
                                        peakThreads,
                                        ManagementFactory.getThreadMXBean().getThreadCount());
                                int lists = stats(url).path("list_runs").asInt();
                                synchronized (samples) {
                                    samples.add(new long[] {System.currentTimeMillis(), lists});
                                }
                                Thread.sleep(100);
                            } catch (Exception e) {
                                return;
                            }
                        }
                    },
                    "b3-sampler");
            thread.setDaemon(true);
            thread.start();
            return this;
        }

        void stop() throws Exception {
            running = false;
            thread.join();
        }

        Figures figures(String design, Heap heap, long drain, int ok) {
            // A poll round is a burst of list requests; bursts are separated by at least 400 ms without any.
            List<Integer> rounds = new ArrayList<>();
            long lastIncrease = -1;
            long previous = 0;
            int current = 0;
            for (long[] s : samples) {
                long delta = s[1] - previous;
                previous = s[1];
                if (delta <= 0) {
                    continue;
                }
                if (lastIncrease >= 0 && s[0] - lastIncrease >= 400 && current > 0) {
                    rounds.add(current);
                    current = 0;
                }
                current += (int) delta;
                lastIncrease = s[0];
            }
            if (current > 0) {
                rounds.add(current);
            }
            int total = rounds.stream().mapToInt(Integer::intValue).sum();
            int max = rounds.stream().mapToInt(Integer::intValue).max().orElse(0);
            return new Figures(
                    design,
                    peakThreads - baselineThreads - 1,
                    heap.mib(),
                    heap.pending(),
                    total,
                    rounds.size(),
                    max,
                    rounds.isEmpty() ? 0 : (double) total / rounds.size(),
                    drain,
                    ok);
        }
    }
}
