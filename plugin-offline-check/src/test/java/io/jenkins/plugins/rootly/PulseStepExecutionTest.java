package io.jenkins.plugins.rootly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.model.Result;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.Test;

/**
 * rootlyPulse's execution against the emulator's pulses and pulse-triggered workflows over real HTTP, on manual
 * time: the returned map, the build result from the worst run, a pulse that triggers nothing, a restart in the wait
 * and during the create, an abort, and bad input.
 */
class PulseStepExecutionTest extends EmulatorGlueTest {
    private static final String TOKEN = "jenkins-pulse-SECRET-token";

    PulseStepExecutionTest() {
        super(TOKEN);
    }

    @Override
    RootlyEmulator startEmulator(Clock clock) throws IOException {
        return TestServices.emulatorWithPulseWorkflows(TOKEN, clock);
    }

    private static RootlyPulseStep step(boolean wait, Map<String, String> labels) {
        RootlyPulseStep step = new RootlyPulseStep("Deploy checkout 1.4.2");
        step.setServices(List.of("api"));
        step.setEnvironments(List.of("production"));
        step.setLabels(labels);
        step.setWaitForTriggered(wait);
        return step;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> returned(FakeStepContext.Live live) {
        return (Map<String, Object>) live.ended.join();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> runs(Map<String, Object> returned) {
        return (List<Map<String, Object>>) returned.get("runs");
    }

    private static PulseRecord recorded(FakeStepContext.Live live) {
        return live.run.getAction(RootlyPulseAction.class).getPulses().get(0);
    }

    @Test
    void withoutWaitingThePulseIsCreatedAndTheMapCarriesItsId() throws Exception {
        FakeStepContext context = new FakeStepContext();
        StepExecution execution = step(false, Map.of("env", "production")).start(context);

        assertThat(execution.start()).isFalse();
        assertThat(emulator.requestCounts())
                .as("nothing sent from start() itself")
                .isEmpty();
        assertThat(execution.getStatus()).isEqualTo("recording a Rootly pulse");
        scheduler.runUntil(context.live().ended);

        FakeStepContext.Live live = context.live();
        Map<String, Object> returned = returned(live);
        RootlyEmulator.PulseEntry pulse = emulator.pulses().get(0);
        assertThat(returned)
                .containsEntry("outcome", "CREATED")
                .containsEntry("pulse_id", pulse.id())
                .containsEntry("summary", "Deploy checkout 1.4.2")
                .containsEntry("source", "jenkins")
                .containsKeys("elapsed_seconds", "api_requests");
        assertThat(returned.getClass()).as("a plain map: no script approval").isEqualTo(LinkedHashMap.class);
        assertThat(returned.get("runs")).isEqualTo(List.of()).isInstanceOf(ArrayList.class);
        assertThat(live.result).isNull();
        assertThat(live.saves.get())
                .as("state saved once the pulse id was known")
                .isPositive();
        assertThat(pulse.refs())
                .as("the build's commit, and the request id a restart mid-create would look for")
                .contains(new RootlyEmulator.KeyValue("commit_sha", "abc123"))
                .anySatisfy(r -> assertThat(r.key()).isEqualTo("request_id"));
        assertThat(pulse.labels()).containsExactly(new RootlyEmulator.KeyValue("env", "production"));
        assertThat(live.log())
                .contains("[Rootly] Recording pulse 'Deploy checkout 1.4.2'")
                .contains("Created pulse");
        assertThat(services.tracked).containsEntry("rootly-token", 1);
        assertThat(recorded(live)).satisfies(p -> {
            assertThat(p.getPulseId()).isEqualTo(pulse.id());
            assertThat(p.getSource()).isEqualTo("jenkins");
            assertThat(p.getOutcome()).isEqualTo("CREATED");
        });
    }

    @Test
    void twoTriggeredRunsOneFailedFailTheBuildAndBothAreOnTheBuildPage() throws Exception {
        FakeStepContext context = new FakeStepContext();
        FakeStepContext.Live live = run(step(true, Map.of("env", "production")).start(context), context);

        assertThatThrownBy(live.ended::join)
                .cause()
                .isInstanceOf(AbortException.class)
                .hasMessageStartingWith("[Rootly] FAILED: ");
        assertThat(live.log()).as("Jenkins prints the failure once, as ERROR:").doesNotContain("FAILED: ");
        RootlyEmulator.PulseEntry pulse = emulator.pulses().get(0);
        assertThat(pulse.runIds()).hasSize(2);
        PulseRecord record = recorded(live);
        assertThat(record.getOutcome()).isEqualTo("FAILED");
        assertThat(record.getRuns())
                .extracting(RunRecord::getRunId)
                .containsExactlyInAnyOrderElementsOf(pulse.runIds());
        assertThat(record.getRuns())
                .extracting(RunRecord::getWorkflowLabel, RunRecord::getOutcome)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("Announce pulse", "SUCCEEDED"),
                        org.assertj.core.groups.Tuple.tuple("Smoke test production", "FAILED"));
        assertThat(live.log()).contains("started run").contains("Smoke test production");
    }

    @Test
    void completedWithErrorsAmongTheRunsIsUnstableAndTheMapListsEveryRun() throws Exception {
        FakeStepContext context = new FakeStepContext();
        FakeStepContext.Live live = run(step(true, Map.of("tier", "canary")).start(context), context);

        Map<String, Object> returned = returned(live);
        assertThat(returned).containsEntry("outcome", "COMPLETED_WITH_ERRORS");
        assertThat(live.result).isEqualTo(Result.UNSTABLE);
        List<Map<String, Object>> runs = runs(returned);
        assertThat(runs)
                .as("a list of plain maps, each with the run fields")
                .isInstanceOf(ArrayList.class)
                .allSatisfy(r -> assertThat(r).isInstanceOf(LinkedHashMap.class))
                .extracting(r -> r.get("workflow_name"), r -> r.get("status"), r -> r.get("pulse_id"))
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("Announce pulse", "completed", returned.get("pulse_id")),
                        org.assertj.core.groups.Tuple.tuple(
                                "Canary check", "completed_with_errors", returned.get("pulse_id")));
        assertThat(runs)
                .extracting(r -> r.get("run_id"))
                .containsExactlyInAnyOrderElementsOf(emulator.pulses().get(0).runIds());
        assertPlain(returned);
        assertThat(recorded(live).getRuns()).hasSize(2);
    }

    /** Map, List, String, Number, Boolean and null only: what CPS serialises and the sandbox reads freely. */
    private static void assertPlain(Object value) {
        if (value instanceof Map<?, ?> m) {
            assertThat(m).isInstanceOf(LinkedHashMap.class);
            m.forEach((k, v) -> {
                assertThat(k).isInstanceOf(String.class);
                assertPlain(v);
            });
        } else if (value instanceof List<?> l) {
            assertThat(l).isInstanceOf(ArrayList.class);
            l.forEach(PulseStepExecutionTest::assertPlain);
        } else if (value != null) {
            assertThat(value).isInstanceOfAny(String.class, Number.class, Boolean.class);
        }
    }

    @Test
    void withWebhooksOnTheWaitsPollAtTheFallbackIntervalAndTheLogSaysSo() throws Exception {
        services.webhooksOn("webhook-secret", "2m");
        RootlyPulseStep step = step(true, Map.of("tier", "canary"));
        step.setPollInterval("5s");
        FakeStepContext context = new FakeStepContext();
        StepExecution execution = step.start(context);
        execution.start();
        while (((RootlyPulseStep.Execution) execution).ticket() == null) {
            scheduler.runNextDue();
        }

        assertThat(((RootlyPulseStep.Execution) execution).ticket().pollInterval())
                .as("webhooks end the runs' waits; polling is the fallback")
                .isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(context.live().log()).contains("[Rootly] webhooks on: polling every 2m as a fallback");
        scheduler.runUntil(context.live().ended);
        assertThat(returned(context.live())).containsEntry("outcome", "COMPLETED_WITH_ERRORS");
    }

    @Test
    void aPulseThatTriggersNothingSucceedsSayingNoWorkflowRan() throws Exception {
        RootlyPulseStep step = step(true, null);
        step.setSource("quiet");
        FakeStepContext context = new FakeStepContext();

        FakeStepContext.Live live = run(step.start(context), context);

        Map<String, Object> returned = returned(live);
        assertThat(returned)
                .containsEntry("outcome", "SUCCEEDED")
                .containsEntry("source", "quiet")
                .containsEntry("runs", List.of());
        assertThat(live.result).isNull();
        assertThat(live.log())
                .contains("SUCCEEDED: ")
                .containsIgnoringCase("no workflow ran for pulse " + returned.get("pulse_id"));
        assertThat(emulator.ledger()).isEmpty();
    }

    @Test
    void aRestartDuringTheWaitResumesFromThePersistedTicket() throws Exception {
        FakeStepContext context = new FakeStepContext();
        StepExecution execution = step(true, Map.of("tier", "canary")).start(context);
        assertThat(execution.start()).isFalse();
        while (((RootlyPulseStep.Execution) execution).ticket() == null) {
            scheduler.runNextDue();
        }
        String pulseId = ((RootlyPulseStep.Execution) execution).ticket().pulseId();
        assertThat(execution.getStatus()).isEqualTo("waiting for the workflow runs of Rootly pulse " + pulseId);
        byte[] persisted = serialise(execution);
        assertThat(new String(persisted, StandardCharsets.ISO_8859_1))
                .as("token never persisted")
                .doesNotContain(TOKEN);

        resumeAfterRestart(persisted, context);

        Map<String, Object> returned = returned(context.live());
        assertThat(returned).containsEntry("pulse_id", pulseId).containsEntry("outcome", "COMPLETED_WITH_ERRORS");
        assertThat(runs(returned)).hasSize(2);
        assertThat(context.live().log()).contains("Resuming the wait for the runs of pulse " + pulseId);
        assertThat(emulator.pulses()).as("no second pulse").hasSize(1);
        assertThat(services.tracked)
                .as("the credential is looked up again after the restart")
                .containsEntry("rootly-token", 1);
    }

    @Test
    void aRestartDuringTheCreateAdoptsThePulseByItsRequestId() throws Exception {
        FakeStepContext context = new FakeStepContext();
        StepExecution execution = step(true, Map.of("tier", "canary")).start(context);
        execution.start();
        byte[] persisted = serialise(execution); // saved while the create was in flight
        while (emulator.pulses().isEmpty()) {
            scheduler.runNextDue(); // the create reaches Rootly, but its answer dies with the controller
        }
        RootlyEmulator.PulseEntry pulse = emulator.pulses().get(0);

        resumeAfterRestart(persisted, context);

        assertThat(returned(context.live()))
                .containsEntry("pulse_id", pulse.id())
                .containsEntry("outcome", "COMPLETED_WITH_ERRORS");
        assertThat(emulator.pulses())
                .as("the pulse was adopted, not created again")
                .hasSize(1);
        String requestId = pulse.refs().stream()
                .filter(r -> r.key().equals("request_id"))
                .findFirst()
                .orElseThrow()
                .value();
        assertThat(context.live().log())
                .contains("looking for the pulse with ref request_id=" + requestId)
                .contains("Found the pulse created by the ambiguous request: " + pulse.id());
    }

    @Test
    void aRestartBeforeTheCreateWasSentFailsSayingNoPulseCarriesTheRequestId() throws Exception {
        FakeStepContext context = new FakeStepContext();
        StepExecution execution = step(true, null).start(context);
        execution.start(); // nothing run: the create never leaves the controller
        byte[] persisted = serialise(execution);

        resumeAfterRestart(persisted, context);

        assertThatThrownBy(context.live().ended::join)
                .cause()
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("No pulse carries ref request_id=")
                .hasMessageContaining("never reached Rootly");
        assertThat(emulator.pulses()).isEmpty();
    }

    @Test
    void stopSendsNoFurtherRequestAndSaysThePulseAndItsRunsGoOn() throws Exception {
        FakeStepContext context = new FakeStepContext();
        StepExecution execution = step(true, Map.of("env", "production")).start(context);
        execution.start();
        FakeStepContext.Live live = context.live();
        while (live.run.getAction(RootlyPulseAction.class) == null
                || recorded(live).getRuns().isEmpty()) {
            scheduler.runNextDue(); // until a triggered run is found and on the build page
        }
        Map<String, Integer> before = emulator.requestCounts();

        InterruptedException abort = new InterruptedException("aborted by user");
        execution.stop(abort);
        scheduler.runAll();

        assertThatThrownBy(live.ended::join).cause().isSameAs(abort);
        assertThat(live.log())
                .contains("Stopped waiting for the runs of pulse "
                        + emulator.pulses().get(0).id())
                .contains("the pulse and its runs go on in Rootly, which has no cancel API");
        assertThat(scheduler.pending())
                .as("no discovery or poll left scheduled")
                .isZero();
        assertThat(emulator.requestCounts()).as("no request after the abort").isEqualTo(before);
        PulseRecord record = recorded(live);
        assertThat(record.getOutcome()).isEqualTo("ABORTED");
        assertThat(record.getMessage()).contains("go on in Rootly");
        assertThat(record.getRuns()).isNotEmpty().allSatisfy(r -> assertThat(r.getOutcome())
                .isEqualTo("ABORTED"));
    }

    @Test
    void stopWhileServicesAreLookedUpSendsNoPulse() throws Exception {
        FakeStepContext context = new FakeStepContext();
        StepExecution execution = step(true, null).start(context);
        execution.start(); // the service lookup is scheduled, not yet sent

        InterruptedException abort = new InterruptedException("aborted by user");
        execution.stop(abort);
        scheduler.runAll();

        assertThatThrownBy(context.live().ended::join).cause().isSameAs(abort);
        assertThat(emulator.pulses()).as("no pulse for an aborted build").isEmpty();
        assertThat(context.live().log()).contains("Stopped before Rootly confirmed the pulse");
    }

    @Test
    void badInputIsOneLineNamingTheParameterAndSendsNothing() throws Exception {
        assertThatThrownBy(() ->
                        new RootlyPulseStep(" ").start(new FakeStepContext()).start())
                .isInstanceOf(AbortException.class)
                .hasMessage("Rootly: summary: is required: say in one line what changed, e.g. 'Deploy api 1.4.2'");

        RootlyPulseStep longSettle = step(true, null);
        longSettle.setSettle("1h");
        assertThatThrownBy(() -> longSettle.start(new FakeStepContext()).start())
                .isInstanceOf(AbortException.class)
                .hasMessageStartingWith("Rootly: settle: 1h is longer than the timeout (30m)");

        RootlyPulseStep badTime = step(false, null);
        badTime.setStartedAt("now");
        assertThatThrownBy(() -> badTime.start(new FakeStepContext()).start())
                .isInstanceOf(AbortException.class)
                .hasMessageStartingWith("Rootly: startedAt: 'now' is not an ISO-8601 time");

        RootlyPulseStep unknownCredential = step(false, null);
        unknownCredential.setCredentialsId("nope");
        assertThatThrownBy(() -> unknownCredential.start(new FakeStepContext()).start())
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("no Secret text credential 'nope'");

        assertThat(emulator.requestCounts()).as("nothing sent to Rootly").isEmpty();
        assertThat(emulator.pulses()).isEmpty();
    }

    @Test
    void anUnknownServiceStopsTheStepAndCreatesNoPulse() throws Exception {
        RootlyPulseStep step = step(true, null);
        step.setServices(List.of("checkout"));
        FakeStepContext context = new FakeStepContext();

        FakeStepContext.Live live = run(step.start(context), context);

        assertThatThrownBy(live.ended::join)
                .cause()
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("No service matched 'checkout'")
                .hasMessageContaining("no pulse was created");
        assertThat(emulator.pulses()).isEmpty();
    }

    @Test
    void theTokenAppearsInNoLogMessageMapOrAction() throws Exception {
        List<String> texts = new ArrayList<>();
        for (Map<String, String> labels : List.of(Map.of("env", "production"), Map.of("tier", "canary"))) {
            FakeStepContext context = new FakeStepContext();
            FakeStepContext.Live live = run(step(true, labels).start(context), context);
            texts.add(live.log());
            texts.add(String.valueOf(live.ended
                    .handle((ok, error) -> ok != null ? ok.toString() : error.toString())
                    .join()));
            PulseRecord p = recorded(live);
            texts.add(p.getMessage()
                    + p.getSummary()
                    + p.getRuns().stream()
                            .map(r -> r.getMessage() + r.getStatusMessage())
                            .toList());
        }
        assertThat(texts).hasSize(6).noneMatch(t -> t.contains(TOKEN));
    }
}
