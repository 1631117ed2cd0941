package io.github.rootlyworkflowrun.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.emulator.Fault;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Pulses against the emulator's built-in scenario over real HTTP: its pulse workflows start runs for the pulses
 * their conditions match ("Announce pulse" for any source but "quiet", "Smoke test production", which fails, for the
 * label env=production), and the ledger shows what was really created.
 */
class EmulatorPulseTest extends EmulatorTestBase {
    private static final String TOKEN = "pulse-SECRET-token";

    EmulatorPulseTest() {
        super(TOKEN);
    }

    private PulseSpec.Builder spec() {
        return PulseSpec.builder()
                .apiUrl(emulator.baseUrl())
                .token(TOKEN, "ROOTLY_API_TOKEN")
                .summary("Deploy api 1.4.2")
                .source("jenkins")
                .service("api")
                .environment("Production")
                .ciRefs(Map.of("commit_sha", "abc123"))
                .waitForTriggered(true)
                .settle("10s")
                .timeout("5m");
    }

    private PulseResult pulse(PulseSpec spec) {
        CompletableFuture<PulseResult> f = engine.pulse(spec, events::add);
        scheduler.runUntil(f);
        return f.join();
    }

    @Test
    void aProductionDeployStartsTwoRunsAndTheFailedSmokeTestDecides() {
        PulseResult result = pulse(spec().label("env=production").build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.runs())
                .extracting(r -> r.workflowName() + " " + r.run().status())
                .containsExactlyInAnyOrder("Announce pulse completed", "Smoke test production failed");
        assertThat(result.message()).contains("Task 'Smoke test' failed: 2 of 40 checks failed");
        assertThat(emulator.pulses()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo(result.pulseId());
            assertThat(p.source()).isEqualTo("jenkins");
            assertThat(p.runIds()).containsExactlyInAnyOrderElementsOf(result.runIds());
            assertThat(p.refs()).extracting(RootlyEmulator.KeyValue::key).containsExactly("commit_sha", "request_id");
        });
        assertThat(emulator.ledger()).allSatisfy(r -> assertThat(r.pulseId()).isEqualTo(result.pulseId()));
        assertThat(result.apiRequests())
                .isEqualTo(emulator.requestCounts().values().stream()
                        .mapToInt(Integer::intValue)
                        .sum());
    }

    @Test
    void aQuietPulseTriggersNothingAndSucceeds() {
        PulseResult result = pulse(spec().source("quiet").build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.message()).isEqualTo("no workflow ran for pulse " + result.pulseId());
        assertThat(emulator.pulses()).hasSize(1);
        assertThat(emulator.ledger()).isEmpty();
    }

    @Test
    void anUnknownServiceCreatesNoPulse() {
        PulseResult result = pulse(spec().service("billing").build());

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.message()).startsWith("No service matched 'billing' by id, slug or name");
        assertThat(emulator.pulses()).isEmpty();
    }

    @Test
    void aDroppedCreateAnswerIsReconciledToTheOnePulseMade() {
        emulator.inject(Fault.drop("create_pulse", "after", 1));

        PulseResult result = pulse(spec().label("env=staging").build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(eventsOf(ProgressEvent.PulseReconciled.class)).hasSize(1);
        assertThat(emulator.pulses()).singleElement().satisfies(p -> assertThat(p.id())
                .isEqualTo(result.pulseId()));
        assertThat(result.runs()).extracting(RunResult::workflowName).containsExactly("Announce pulse");
    }

    @Test
    void rateLimitsAndServerErrorsOnDiscoveryAreRidden() {
        emulator.inject(Fault.status("list_workflows", 503, 2));
        emulator.inject(Fault.status("list_runs", 429, 2));
        emulator.inject(Fault.status("create_pulse", 429, 1));

        PulseResult result = pulse(spec().label("env=staging").build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(emulator.pulses()).hasSize(1);
        assertThat(eventsOf(ProgressEvent.RateLimited.class)).hasSizeGreaterThanOrEqualTo(3);
        assertThat(eventsOf(ProgressEvent.Retrying.class)).hasSizeGreaterThanOrEqualTo(2);
    }

    private <E extends ProgressEvent> List<E> eventsOf(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
