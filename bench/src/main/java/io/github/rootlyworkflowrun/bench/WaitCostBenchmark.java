package io.github.rootlyworkflowrun.bench;

import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import io.github.rootlyworkflowrun.emulator.Scenario;
import io.github.rootlyworkflowrun.engine.Outcome;
import io.github.rootlyworkflowrun.engine.RunEngine;
import io.github.rootlyworkflowrun.engine.RunResult;
import io.github.rootlyworkflowrun.engine.RunSpec;
import io.github.rootlyworkflowrun.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * B2, wait cost: for a run that reaches its terminal status T after creation, polled with interval P, how many API
 * requests one wait makes and how long after the terminal status the result is returned. Time is simulated (the
 * emulator and the engine share a manual clock) while every request is real HTTP over loopback, so minutes of
 * waiting are measured exactly in a second.
 */
public final class WaitCostBenchmark {
    private WaitCostBenchmark() {}

    public static void main(String[] args) throws Exception {
        List<Duration> terminalAfter =
                List.of(Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(30));
        List<Duration> intervals = List.of(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30));
        System.out.println(
                "| T (terminal after) | P (poll interval) | requests per wait | target T/P + 3 | detection latency | target P + 1s |");
        System.out.println("|---|---|---|---|---|---|");
        for (Duration t : terminalAfter) {
            for (Duration p : intervals) {
                measure(t, p);
            }
        }
    }

    private static void measure(Duration terminalAfter, Duration pollInterval) throws Exception {
        ManualScheduler scheduler = new ManualScheduler();
        Scenario scenario = Scenario.parse(
                """
                workflows:
                  - slug: timed
                    steps: [{status: queued, for: %ds}, {status: started, for: %ds}, {status: completed}]
                """
                        .formatted(
                                terminalAfter.toSeconds() / 3,
                                terminalAfter.toSeconds() - terminalAfter.toSeconds() / 3));
        try (RootlyEmulator emulator = RootlyEmulator.builder()
                .token("b2")
                .scenario(scenario)
                .clock(scheduler.clock())
                .start()) {
            RunEngine engine = RunEngine.builder()
                    .scheduler(scheduler)
                    .clock(scheduler.clock())
                    .httpClient(RootlyClient.defaultHttpClient().build())
                    .build();
            RunSpec spec = RunSpec.builder()
                    .apiUrl(emulator.baseUrl())
                    .token("b2", "bench")
                    .workflow(emulator.workflowId("timed"))
                    .ciContext(Map.of())
                    .waitForCompletion(true)
                    .timeout("2h")
                    .pollInterval(pollInterval.toSeconds() + "s")
                    .build();
            Instant start = scheduler.clock().instant();
            CompletableFuture<RunResult> f = engine.run(spec, null);
            scheduler.runUntil(f);
            RunResult r = f.join();
            if (r.outcome() != Outcome.SUCCEEDED) {
                throw new IllegalStateException(r.message());
            }
            Instant terminal = emulator.ledger().get(0).createdAt().plus(terminalAfter);
            Duration latency = Duration.between(terminal, scheduler.clock().instant());
            int waitRequests = r.apiRequests() - 1; // the create is not part of the wait
            long target = terminalAfter.toSeconds() / pollInterval.toSeconds() + 3;
            System.out.printf(
                    "| %s | %s | %d | %d %s | %.1f s | %d s %s |%n",
                    fmt(terminalAfter),
                    fmt(pollInterval),
                    waitRequests,
                    target,
                    waitRequests <= target ? "(met)" : "(MISSED)",
                    latency.toMillis() / 1000.0,
                    pollInterval.toSeconds() + 1,
                    latency.compareTo(pollInterval.plusSeconds(1)) <= 0 ? "(met)" : "(MISSED)");
            if (!start.isBefore(scheduler.clock().instant())) {
                throw new IllegalStateException("time did not move");
            }
        }
    }

    private static String fmt(Duration d) {
        return io.github.rootlyworkflowrun.engine.Durations.format(d);
    }
}
