package io.github.rootlyworkflowrun.bench;

import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import io.github.rootlyworkflowrun.emulator.Scenario;
import io.github.rootlyworkflowrun.engine.Durations;
import io.github.rootlyworkflowrun.engine.ProgressEvent;
import io.github.rootlyworkflowrun.engine.PulseResult;
import io.github.rootlyworkflowrun.engine.PulseSpec;
import io.github.rootlyworkflowrun.engine.RunEngine;
import io.github.rootlyworkflowrun.engine.RunResult;
import io.github.rootlyworkflowrun.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * B5, pulses: one pulse that N pulse workflows match (their runs start 5 s after it and reach {@code completed} T
 * later), awaited with {@code --wait-for-triggered} at the default settle (30 s) and poll interval (10 s): the API
 * requests by kind, and the time from the last run's terminal status to the result. Simulated time as in B2 (the
 * emulator and the engine share a manual clock), real HTTP over loopback.
 */
public final class PulseBenchmark {
    private static final String TOKEN = "b5";
    private static final Duration START_AFTER = Duration.ofSeconds(5);
    private static final Duration SETTLE = PulseSpec.DEFAULT_SETTLE;
    private static final Duration POLL = Duration.ofSeconds(10);
    /** Workflows that are not pulse workflows, so that the workflow list has something to filter out. */
    private static final int OTHER_WORKFLOWS = 3;

    private PulseBenchmark() {}

    public static void main(String[] args) throws Exception {
        System.out.println("| pulse workflows (runs) | run terminal after start | create | catalog lookups | workflow"
                + " list | discovery lists | wait lists (per run) | total = api_requests | discovery ended |"
                + " detection latency | target | pulse to result |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        Duration thirty = Duration.ofSeconds(30);
        measure(1, thirty);
        measure(5, thirty);
        measure(20, thirty);
        measure(5, Duration.ofSeconds(5));
    }

    private static void measure(int workflows, Duration terminalAfter) throws Exception {
        ManualScheduler scheduler = new ManualScheduler();
        Scenario.Builder scenario = Scenario.builder()
                .rateLimit(100_000_000, Duration.ofMinutes(1), false)
                .service("api", "API")
                .environment("production", "Production");
        Duration queued = terminalAfter.dividedBy(3);
        for (int w = 0; w < workflows; w++) {
            scenario.workflow(Scenario.WorkflowSpec.builder("deploy-check-" + w)
                    .triggerType("pulse")
                    .pulseSource("IS", "jenkins")
                    .startAfter(START_AFTER)
                    .step("queued", queued)
                    .step("started", terminalAfter.minus(queued))
                    .then("completed")
                    .build());
        }
        for (int w = 0; w < OTHER_WORKFLOWS; w++) {
            scenario.workflow(Scenario.WorkflowSpec.builder("manual-" + w).build());
        }
        try (RootlyEmulator emulator = RootlyEmulator.builder()
                .token(TOKEN)
                .scenario(scenario.build())
                .clock(scheduler.clock())
                .start()) {
            RunEngine engine = RunEngine.builder()
                    .scheduler(scheduler)
                    .clock(scheduler.clock())
                    .httpClient(RootlyClient.defaultHttpClient().build())
                    .build();
            PulseSpec spec = PulseSpec.builder()
                    .apiUrl(emulator.baseUrl())
                    .token(TOKEN, "bench")
                    .summary("Deploy api 1.4.2")
                    .source("jenkins")
                    .service("api")
                    .environment("production")
                    .ciRefs(Map.of())
                    .waitForTriggered(true)
                    .settle(Durations.format(SETTLE))
                    .pollInterval(Durations.format(POLL))
                    .timeout("30m")
                    .build();
            Instant start = scheduler.clock().instant();
            AtomicReference<Instant> settled = new AtomicReference<>();
            CompletableFuture<PulseResult> f = engine.pulse(spec, event -> {
                if (event instanceof ProgressEvent.SettleOver) {
                    settled.set(scheduler.clock().instant());
                }
            });
            scheduler.runUntil(f);
            PulseResult r = f.join();
            Instant end = scheduler.clock().instant();
            if (r.runs().size() != workflows
                    || r.runs().stream().anyMatch(x -> !x.run().status().equals("completed"))) {
                throw new IllegalStateException(workflows + " workflows: " + r.outcome() + " " + r.message());
            }
            Instant lastTerminal = emulator.ledger().stream()
                    .map(e -> e.createdAt().plus(terminalAfter))
                    .max(Instant::compareTo)
                    .orElseThrow();
            Map<String, Integer> counts = emulator.requestCounts();
            int waitLists = r.runs().stream().mapToInt(RunResult::apiRequests).sum();
            int lists = counts.getOrDefault("list_runs", 0);
            int lookups = counts.getOrDefault("list_services", 0) + counts.getOrDefault("list_environments", 0);
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            if (total != r.apiRequests()) {
                throw new IllegalStateException(
                        "the emulator answered " + total + " requests, the result counts " + r.apiRequests());
            }
            Duration latency = Duration.between(lastTerminal, end);
            Instant bound = latest(lastTerminal.plus(POLL).plusSeconds(1), settled.get());
            System.out.printf(
                    "| %d (%d) | %s | %d | %d | %d | %d | %d (%s) | %d | %s after the pulse | %.1f s | %s %s | %.1f s |%n",
                    workflows,
                    r.runs().size(),
                    Durations.format(terminalAfter),
                    counts.getOrDefault("create_pulse", 0),
                    lookups,
                    counts.getOrDefault("list_workflows", 0),
                    lists - waitLists,
                    waitLists,
                    perRun(r.runs()),
                    total,
                    Durations.format(Duration.between(start, settled.get())),
                    latency.toMillis() / 1000.0,
                    bound.equals(settled.get())
                            ? "settle end, " + Durations.format(Duration.between(lastTerminal, bound)) + " after"
                            : "P + 1s",
                    WebhookBenchmark.mark(!end.isAfter(bound)),
                    Duration.between(start, end).toMillis() / 1000.0);
        }
    }

    private static String perRun(List<RunResult> runs) {
        int min = runs.stream().mapToInt(RunResult::apiRequests).min().orElse(0);
        int max = runs.stream().mapToInt(RunResult::apiRequests).max().orElse(0);
        return min == max ? String.valueOf(min) : min + "-" + max;
    }

    private static Instant latest(Instant a, Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }
}
