package io.github.rootlyworkflowrun.bench;

import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import io.github.rootlyworkflowrun.emulator.Scenario;
import io.github.rootlyworkflowrun.emulator.WebhookFault;
import io.github.rootlyworkflowrun.engine.Durations;
import io.github.rootlyworkflowrun.engine.Outcome;
import io.github.rootlyworkflowrun.engine.RunEngine;
import io.github.rootlyworkflowrun.engine.RunResult;
import io.github.rootlyworkflowrun.engine.RunSpec;
import io.github.rootlyworkflowrun.webhook.WebhookInbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * B4, webhooks: detection latency (terminal status to result) and API requests per wait when the emulator sends
 * signed webhooks to a small receiver that calls {@link WebhookInbox#receive}, as the Jenkins endpoint does, beside
 * polling only. Runs are queued 10 s, started 20 s, then completed: terminal 30 s after creation. Simulated time
 * ({@link SimulatedTime}): the engine, the emulator and its webhook sender share one clock, the clock stops at every
 * instant a webhook is due, and every webhook due by an instant is handed to the inbox before the clock moves on;
 * every request and every webhook is real HTTP over loopback. A last check repeats the single wait in real time.
 */
public final class WebhookBenchmark {
    static final String TOKEN = "b4";
    static final String SECRET = "b4-webhook-secret";
    static final Duration QUEUED_FOR = Duration.ofSeconds(10);
    static final Duration STARTED_FOR = Duration.ofSeconds(20);
    static final Duration TERMINAL_AFTER = QUEUED_FOR.plus(STARTED_FOR);
    /** Jenkins' webhookFallbackPollInterval default: the poll interval while webhooks are on. */
    static final Duration FALLBACK = Duration.ofMinutes(2);
    /** The normal poll interval, for polling only. */
    static final Duration POLL = Duration.ofSeconds(10);

    static final Duration TARGET_LATENCY = Duration.ofSeconds(1);
    static final double TARGET_REQUESTS = 3;
    private static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");

    /** One wait's end: its result and the simulated instant it was returned. */
    record Done(RunResult result, Throwable error, Instant at) {}

    /** What one configuration cost. */
    record Row(
            String scenario,
            int waits,
            Duration pollInterval,
            String webhooks,
            int creates,
            int lists,
            List<Duration> latencies,
            List<Duration> latenciesLost,
            int succeeded,
            Map<String, Integer> answers) {

        double requestsPerWait() {
            return (double) (creates + lists) / waits;
        }
    }

    private WebhookBenchmark() {}

    public static void main(String[] args) throws Exception {
        boolean realTimeCheck = args.length == 0 || !args[0].equals("--no-real-time");
        WebhookFault dropCompleted = WebhookFault.builder(WebhookFault.Kind.DROP)
                .eventType("genius_workflow_run.completed")
                .build();
        WebhookFault dropHalf =
                WebhookFault.builder(WebhookFault.Kind.DROP).every(2).build();
        List<Row> rows = new ArrayList<>();
        rows.add(simulate("(a) one wait", 1, 1, 1, FALLBACK, true, null));
        rows.add(simulate("(a) one wait", 1, 1, 1, POLL, false, null));
        rows.add(simulate("(a) one wait, its completed webhook lost", 1, 1, 1, FALLBACK, true, dropCompleted));
        rows.add(simulate("(b) 1,000 waits over 10 workflows", 1000, 10, 10, FALLBACK, true, null));
        rows.add(simulate("(b) 1,000 waits over 10 workflows", 1000, 10, 10, POLL, false, null));
        rows.add(simulate("(c) 1,000 waits, 50% of webhooks dropped", 1000, 10, 10, FALLBACK, true, dropHalf));
        print(rows);
        if (realTimeCheck) {
            realTime();
        }
    }

    /**
     * {@code waits} runs over {@code workflows} workflows, created {@code perBatch} at a time (one per workflow,
     * rotating) every 100 ms of simulated time, each awaited with {@code poll}; with webhooks on or off, and an
     * optional webhook fault in the emulator.
     */
    static Row simulate(
            String name, int waits, int workflows, int perBatch, Duration poll, boolean webhooks, WebhookFault fault)
            throws Exception {
        SimulatedTime time = new SimulatedTime(T0);
        Clock clock = time.clock();
        Scenario.Builder scenario = Scenario.builder().rateLimit(100_000_000, Duration.ofMinutes(1), false);
        for (int w = 0; w < workflows; w++) {
            scenario.workflow(Scenario.WorkflowSpec.builder("w" + w)
                    .step("queued", QUEUED_FOR)
                    .step("started", STARTED_FOR)
                    .then("completed")
                    .build());
        }
        RunEngine engine = RunEngine.builder()
                .scheduler(time)
                .clock(clock)
                .httpClient(RootlyClient.defaultHttpClient().build())
                .build();
        WebhookInbox inbox = new WebhookInbox(engine, clock);
        WebhookReceiver receiver = webhooks ? WebhookReceiver.deferred(inbox, SECRET) : null;
        RootlyEmulator.Builder eb =
                RootlyEmulator.builder().token(TOKEN).scenario(scenario.build()).clock(clock);
        if (receiver != null) {
            eb.webhook(receiver.url(), SECRET);
        }
        try (RootlyEmulator emulator = eb.start();
                AutoCloseable r = receiver != null ? receiver : () -> {}) {
            if (fault != null) {
                emulator.injectWebhookFault(fault);
            }
            Deliveries deliveries = receiver != null ? new Deliveries(emulator, receiver) : null;
            ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
            CompletableFuture<Void> allDone = new CompletableFuture<>();
            AtomicInteger ended = new AtomicInteger();
            List<String> workflowIds = new ArrayList<>();
            for (int w = 0; w < workflows; w++) {
                workflowIds.add(emulator.workflowId("w" + w));
            }
            for (int batch = 0; batch * perBatch < waits; batch++) {
                int k = batch;
                time.schedule(Duration.ofMillis(100L * batch), () -> {
                    for (int j = 0; j < perBatch && k * perBatch + j < waits; j++) {
                        RunSpec spec = RunSpec.builder()
                                .apiUrl(emulator.baseUrl())
                                .token(TOKEN, "bench")
                                .workflow(workflowIds.get((k + j) % workflows))
                                .ciContext(Map.of())
                                .waitForCompletion(true)
                                .timeout("10m")
                                .pollInterval(Durations.format(poll))
                                .build();
                        if (deliveries != null) {
                            // The create goes out at this instant: its run's three webhooks are due from it.
                            deliveries.expect(clock.instant());
                        }
                        engine.run(spec, null).whenComplete((result, error) -> {
                            done.add(new Done(result, error, clock.instant()));
                            if (ended.incrementAndGet() == waits) {
                                allDone.complete(null);
                            }
                        });
                    }
                });
            }
            time.runUntil(allDone, deliveries != null ? deliveries : SimulatedTime.QUIET);
            if (!allDone.isDone()) {
                throw new IllegalStateException(name + ": only " + ended.get() + " of " + waits + " waits ended");
            }
            Map<String, Instant> createdAt = new HashMap<>();
            emulator.ledger().forEach(e -> createdAt.put(e.id(), e.createdAt()));
            Set<String> lost = emulator.webhookDeliveries().stream()
                    .filter(d -> d.type().equals("genius_workflow_run.completed")
                            && d.faults().contains("drop"))
                    .map(RootlyEmulator.WebhookDelivery::runId)
                    .collect(Collectors.toSet());
            List<Duration> latencies = new ArrayList<>();
            List<Duration> latenciesLost = new ArrayList<>();
            int ok = 0;
            for (Done d : done) {
                if (d.error() != null || d.result().outcome() != Outcome.SUCCEEDED) {
                    System.err.println(name + ": a wait did not succeed: "
                            + (d.error() != null ? d.error() : d.result().message()));
                    continue;
                }
                ok++;
                String id = d.result().run().id();
                Duration latency = Duration.between(createdAt.get(id).plus(TERMINAL_AFTER), d.at());
                (lost.contains(id) ? latenciesLost : latencies).add(latency);
            }
            Map<String, Integer> counts = emulator.requestCounts();
            return new Row(
                    name,
                    waits,
                    poll,
                    !webhooks ? "off" : fault == null ? "on" : "on, " + describe(fault),
                    counts.getOrDefault("create", 0),
                    counts.getOrDefault("list_runs", 0),
                    latencies,
                    latenciesLost,
                    ok,
                    receiver != null ? receiver.answers() : Map.of());
        }
    }

    private static String describe(WebhookFault fault) {
        return fault.eventType().isPresent() ? "completed event dropped" : "every 2nd event dropped";
    }

    /**
     * The webhooks the emulator owes: three per run (queued at its creation, started 10 s later, completed 30 s
     * after creation). Before the clock leaves an instant, every one due by then has been handed to the inbox or
     * dropped by a fault.
     */
    private static final class Deliveries implements SimulatedTime.World {
        private final RootlyEmulator emulator;
        private final WebhookReceiver receiver;
        private final TreeMap<Instant, Integer> due = new TreeMap<>();
        private int processed;

        Deliveries(RootlyEmulator emulator, WebhookReceiver receiver) {
            this.emulator = emulator;
            this.receiver = receiver;
        }

        void expect(Instant createdAt) {
            for (Instant at : List.of(createdAt, createdAt.plus(QUEUED_FOR), createdAt.plus(TERMINAL_AFTER))) {
                due.merge(at, 1, Integer::sum);
            }
        }

        @Override
        public Instant nextAfter(Instant now) {
            return due.higherKey(now);
        }

        @Override
        public boolean settle(Instant now) {
            int owed = due.headMap(now, true).values().stream()
                    .mapToInt(Integer::intValue)
                    .sum();
            boolean did = false;
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            try {
                while (processed + dropped() < owed) {
                    if (receiver.processNext(Duration.ofMillis(20))) {
                        processed++;
                        did = true;
                    } else if (System.nanoTime() > giveUp) {
                        throw new IllegalStateException("at " + now + " " + owed + " webhooks were due, but only "
                                + processed + " came and " + dropped() + " were dropped; deliveries: "
                                + emulator.webhookDeliveries().stream()
                                        .filter(d -> d.error() != null)
                                        .limit(3)
                                        .toList());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return did;
        }

        private long dropped() {
            return emulator.webhookDeliveries().stream()
                    .filter(d -> d.faults().contains("drop"))
                    .count();
        }
    }

    private static void print(List<Row> rows) {
        System.out.println("| scenario | poll interval | webhooks | API requests per wait (creates + lists) | list"
                + " requests | detection latency median / p99 / max | target latency at most 1 s | target at most 3"
                + " requests per wait | succeeded |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            boolean targets = !r.webhooks().equals("off");
            String latency;
            String latencyTarget;
            if (r.latenciesLost().isEmpty()) {
                latency = spread(r.latencies());
                latencyTarget = targets ? mark(max(r.latencies()).compareTo(TARGET_LATENCY) <= 0) : "(no target)";
            } else if (r.latencies().isEmpty()) {
                latency = spread(r.latenciesLost()) + " (webhook lost)";
                latencyTarget = "at most the fallback " + Durations.format(FALLBACK) + " "
                        + mark(max(r.latenciesLost()).compareTo(FALLBACK) <= 0);
            } else {
                latency = "delivered (" + r.latencies().size() + "): " + spread(r.latencies()) + "; lost ("
                        + r.latenciesLost().size() + "): " + spread(r.latenciesLost());
                latencyTarget = "delivered: " + mark(max(r.latencies()).compareTo(TARGET_LATENCY) <= 0)
                        + "; lost, at most the fallback " + Durations.format(FALLBACK) + ": "
                        + mark(max(r.latenciesLost()).compareTo(FALLBACK) <= 0);
            }
            System.out.printf(
                    "| %s | %s | %s | %s (%d + %d) | %d | %s | %s | %s | %d of %d |%n",
                    r.scenario(),
                    Durations.format(r.pollInterval()),
                    r.webhooks(),
                    number(r.requestsPerWait()),
                    r.creates(),
                    r.lists(),
                    r.lists(),
                    latency,
                    latencyTarget,
                    targets ? mark(r.requestsPerWait() <= TARGET_REQUESTS) : "(no target)",
                    r.succeeded(),
                    r.waits());
        }
        System.out.println();
        for (Row r : rows) {
            if (!r.answers().isEmpty()) {
                System.out.println("- " + r.scenario() + ", webhooks " + r.webhooks() + ": inbox answers "
                        + r.answers().entrySet().stream()
                                .map(e -> e.getValue() + " x " + e.getKey())
                                .collect(Collectors.joining(", ")));
            }
        }
    }

    /** The single wait with webhooks again, in real time on loopback: what the simulated 0 s costs in milliseconds. */
    private static void realTime() throws Exception {
        JenkinsLikeEngine jenkins = new JenkinsLikeEngine("b4-");
        RunEngine engine = jenkins.engine;
        WebhookInbox inbox = new WebhookInbox(engine, Clock.systemUTC());
        Scenario scenario = Scenario.builder()
                .workflow(Scenario.WorkflowSpec.builder("w0")
                        .step("queued", QUEUED_FOR)
                        .step("started", STARTED_FOR)
                        .then("completed")
                        .build())
                .build();
        try (WebhookReceiver receiver = WebhookReceiver.direct(inbox, SECRET);
                RootlyEmulator emulator = RootlyEmulator.builder()
                        .token(TOKEN)
                        .scenario(scenario)
                        .webhook(receiver.url(), SECRET)
                        .start()) {
            RunSpec spec = RunSpec.builder()
                    .apiUrl(emulator.baseUrl())
                    .token(TOKEN, "bench")
                    .workflow(emulator.workflowId("w0"))
                    .ciContext(Map.of())
                    .waitForCompletion(true)
                    .timeout("5m")
                    .pollInterval(Durations.format(FALLBACK))
                    .build();
            CompletableFuture<Instant> returned = engine.run(spec, null).thenApply(r -> {
                if (r.outcome() != Outcome.SUCCEEDED) {
                    throw new IllegalStateException(r.message());
                }
                return Instant.now();
            });
            Instant at = returned.get(2, TimeUnit.MINUTES);
            Instant terminal = emulator.ledger().get(0).createdAt().plus(TERMINAL_AFTER);
            Map<String, Integer> counts = emulator.requestCounts();
            System.out.println();
            System.out.printf(
                    "Real-time check, one wait with webhooks, poll interval %s, real clock on loopback: detection"
                            + " latency %d ms, %d API requests (%d create + %d lists); inbox answers %s.%n",
                    Durations.format(FALLBACK),
                    Duration.between(terminal, at).toMillis(),
                    counts.getOrDefault("create", 0) + counts.getOrDefault("list_runs", 0),
                    counts.getOrDefault("create", 0),
                    counts.getOrDefault("list_runs", 0),
                    receiver.answers());
        } finally {
            jenkins.close();
        }
    }

    static String spread(List<Duration> ds) {
        if (ds.isEmpty()) {
            return "none";
        }
        List<Duration> sorted = ds.stream().sorted().toList();
        return seconds(percentile(sorted, 50)) + " / " + seconds(percentile(sorted, 99)) + " / "
                + seconds(sorted.get(sorted.size() - 1));
    }

    /** Nearest-rank percentile of a sorted list. */
    static <T> T percentile(List<T> sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static Duration max(List<Duration> ds) {
        return ds.stream().max(Duration::compareTo).orElse(Duration.ZERO);
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format("%.2f", v);
    }

    static String mark(boolean met) {
        return met ? "(met)" : "(MISSED)";
    }
}
