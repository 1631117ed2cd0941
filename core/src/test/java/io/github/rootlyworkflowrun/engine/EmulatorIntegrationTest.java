package io.github.rootlyworkflowrun.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.emulator.Fault;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The engine against the emulator over real HTTP: each outcome and each injected fault, with the ledger checked. */
class EmulatorIntegrationTest extends EmulatorTestBase {
    private static final String TOKEN = "integration-SECRET-token";

    EmulatorIntegrationTest() {
        super(TOKEN);
    }

    private RunResult run(String workflow, boolean checkConditions) {
        RunSpec spec = RunSpec.builder()
                .apiUrl(emulator.baseUrl())
                .token(TOKEN, "ROOTLY_API_TOKEN")
                .workflow(workflow)
                .ciContext(Map.of("provider", "test"))
                .checkConditions(checkConditions)
                .waitForCompletion(true)
                .timeout("2m")
                .build();
        CompletableFuture<RunResult> f = engine.run(spec, events::add);
        scheduler.runUntil(f);
        return f.join();
    }

    static Stream<Arguments> outcomes() {
        return Stream.of(
                Arguments.of("deploy-succeeds", false, Outcome.SUCCEEDED, 1),
                Arguments.of("deploy-completes-with-errors", false, Outcome.COMPLETED_WITH_ERRORS, 1),
                Arguments.of("deploy-fails", false, Outcome.FAILED, 1),
                Arguments.of("deploy-is-canceled", false, Outcome.CANCELED, 1),
                Arguments.of("deploy-stays-queued", false, Outcome.TIMED_OUT, 1),
                Arguments.of("deploy-reports-unknown-status", false, Outcome.SUCCEEDED, 1),
                Arguments.of("deploy-conditions-unmet", true, Outcome.REJECTED_OR_UNREACHABLE, 0),
                Arguments.of("no-such-workflow", false, Outcome.REJECTED_OR_UNREACHABLE, 0));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("outcomes")
    void eachOutcome(String workflow, boolean checkConditions, Outcome expected, int runsCreated) {
        RunResult result = run(workflow, checkConditions);

        assertThat(result.outcome()).as(result.message()).isEqualTo(expected);
        assertThat(emulator.ledger()).hasSize(runsCreated);
        assertThat(result.message()).doesNotContain(TOKEN);
        if (runsCreated == 1) {
            assertThat(result.run().id()).isEqualTo(emulator.ledger().get(0).id());
            assertThat(emulator.ledger().get(0).requestId()).isNotBlank();
        }
        if (workflow.contains("unknown")) {
            assertThat(events)
                    .filteredOn(ProgressEvent.UnknownStatus.class::isInstance)
                    .hasSize(1);
        }
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                // Creates: only provably unsent or rate-limited ones are repeated; the rest are reconciled.
                Arguments.of(Fault.status("create", 429, 1), Outcome.SUCCEEDED, 1),
                Arguments.of(Fault.status("create", 401, 1), Outcome.REJECTED_OR_UNREACHABLE, 0),
                Arguments.of(Fault.status("create", 503, 1), Outcome.REJECTED_OR_UNREACHABLE, 0),
                Arguments.of(Fault.status("create", 502, 1).asHtml(), Outcome.REJECTED_OR_UNREACHABLE, 0),
                Arguments.of(Fault.drop("create", "before", 1), Outcome.REJECTED_OR_UNREACHABLE, 0),
                Arguments.of(Fault.drop("create", "after", 1), Outcome.SUCCEEDED, 1),
                Arguments.of(Fault.malformed("create", 1), Outcome.SUCCEEDED, 1),
                // Reads are repeated with backoff.
                Arguments.of(Fault.status("list_runs", 503, 3), Outcome.SUCCEEDED, 1),
                Arguments.of(Fault.status("list_runs", 500, 2).asHtml(), Outcome.SUCCEEDED, 1),
                Arguments.of(
                        Fault.status("list_runs", 429, 1).withHeaders(Map.of("Retry-After", "3")),
                        Outcome.SUCCEEDED,
                        1),
                Arguments.of(Fault.drop("list_runs", "before", 2), Outcome.SUCCEEDED, 1),
                Arguments.of(Fault.malformed("list_runs", 1), Outcome.SUCCEEDED, 1),
                // A slow answer is waited for (the default read timeout is far longer than the delay).
                Arguments.of(Fault.delay("list_runs", "600ms", 1), Outcome.SUCCEEDED, 1),
                Arguments.of(Fault.status("list_runs", 403, 1), Outcome.REJECTED_OR_UNREACHABLE, 1),
                Arguments.of(Fault.status("list_workflows", 503, 2), Outcome.SUCCEEDED, 1),
                Arguments.of(Fault.status("list_workflows", 401, 1), Outcome.REJECTED_OR_UNREACHABLE, 0));
    }

    @ParameterizedTest(name = "{0} -> {1}, {2} run(s)")
    @MethodSource("faults")
    void eachFault(Fault fault, Outcome expected, int runsCreated) {
        emulator.inject(fault);

        RunResult result = run("deploy-succeeds", false);

        assertThat(result.outcome()).as(result.message()).isEqualTo(expected);
        assertThat(emulator.ledger()).as("runs created").hasSize(runsCreated);
        if (expected == Outcome.REJECTED_OR_UNREACHABLE
                && runsCreated == 0
                && fault.route().equals("create")
                && fault.status() != null
                && fault.status() >= 500) {
            assertThat(result.message()).contains("Outcome unknown");
        }
        assertThat(result.message()).doesNotContain(TOKEN);
    }
}
