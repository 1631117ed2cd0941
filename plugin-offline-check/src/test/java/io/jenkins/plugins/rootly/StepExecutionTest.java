package io.jenkins.plugins.rootly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Result;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Pipeline step's execution against the emulator over real HTTP, on manual time: start returns at once, the
 * wait ends in the right Jenkins result, the state survives serialisation, onResume polls the same run, stop ends it.
 */
class StepExecutionTest extends EmulatorGlueTest {
    private static final String TOKEN = "jenkins-glue-SECRET-token";

    StepExecutionTest() {
        super(TOKEN);
    }

    @Override
    RootlyEmulator startEmulator(Clock clock) throws IOException {
        return TestServices.emulatorWithSlowWorkflow(TOKEN, clock);
    }

    private static RootlyWorkflowRunStep step(String workflow, boolean wait) {
        RootlyWorkflowRunStep step = new RootlyWorkflowRunStep(workflow);
        step.setWait(wait);
        return step;
    }

    @Test
    void startReturnsBeforeAnyRequestAndTheWaitEndsWithTheFieldsMap() throws Exception {
        RootlyWorkflowRunStep step = step("deploy-succeeds", true);
        step.setIncidentId("inc-7");
        step.setContext(Map.of("service", "checkout"));
        FakeStepContext context = new FakeStepContext();
        StepExecution execution = step.start(context);

        assertThat(execution.start()).isFalse();
        assertThat(emulator.ledger()).as("nothing sent from start() itself").isEmpty();
        assertThat(execution.getStatus()).isEqualTo("creating a Rootly workflow run");
        scheduler.runUntil(context.live().ended);

        FakeStepContext.Live live = context.live();
        @SuppressWarnings("unchecked")
        Map<String, Object> returned = (Map<String, Object>) live.ended.join();
        assertThat(returned)
                .containsEntry("outcome", "SUCCEEDED")
                .containsEntry("status", "completed")
                .containsEntry("incident_id", "inc-7")
                .containsEntry("workflow_name", "Deploy succeeds");
        assertThat(returned.getClass())
                .as("a plain java.util map: no script approval needed")
                .isEqualTo(java.util.LinkedHashMap.class);
        assertThat(live.result).isNull();
        assertThat(live.saves.get()).as("state saved once the run id was known").isPositive();
        assertThat(live.log()).contains("[Rootly] Created workflow run").contains("is completed after");
        assertThat(emulator.ledger()).singleElement().satisfies(e -> assertThat(e.id())
                .isEqualTo(returned.get("run_id")));
        assertThat(services.tracked).containsEntry("rootly-token", 1);

        RootlyRunAction action = live.run.getAction(RootlyRunAction.class);
        assertThat(action.getRuns()).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo("completed");
            assertThat(r.getOutcome()).isEqualTo("SUCCEEDED");
            assertThat(r.getFinishedAt()).isNotBlank();
        });
        EnvVars env = new EnvVars();
        action.buildEnvironment(live.run, env);
        assertThat(env)
                .containsEntry("ROOTLY_WORKFLOW_RUN_ID", (String) returned.get("run_id"))
                .containsEntry("ROOTLY_WORKFLOW_RUN_STATUS", "completed")
                .containsEntry("ROOTLY_WORKFLOW_RUN_OUTCOME", "SUCCEEDED");
    }

    @Test
    void ciContextComesFromTheBuildsEnvironment() throws Exception {
        FakeStepContext context = new FakeStepContext();
        run(step("deploy-succeeds", false).start(context), context);

        var ci = emulator.ledger();
        assertThat(ci).hasSize(1);
        assertThat(ci.get(0).requestId()).isNotBlank();
    }

    @ParameterizedTest
    @CsvSource({
        "deploy-fails, UNSTABLE, FAILURE",
        "deploy-is-canceled, UNSTABLE, FAILURE",
        "deploy-completes-with-errors, UNSTABLE, UNSTABLE",
        "deploy-completes-with-errors, SUCCESS, SUCCESS",
        "deploy-completes-with-errors, FAILURE, FAILURE",
        "deploy-succeeds, FAILURE, SUCCESS"
    })
    void outcomesMapToJenkinsResults(String workflow, String policy, String expected) throws Exception {
        RootlyWorkflowRunStep step = step(workflow, true);
        step.setCompletedWithErrors(policy);
        FakeStepContext context = new FakeStepContext();

        FakeStepContext.Live live = run(step.start(context), context);

        switch (expected) {
            case "FAILURE" -> {
                assertThatThrownBy(live.ended::join)
                        .isInstanceOf(CompletionException.class)
                        .cause()
                        .isInstanceOf(AbortException.class)
                        .hasMessageContaining("ended");
                assertThat(live.result).isNull();
            }
            case "UNSTABLE" -> {
                assertThat(live.ended.join()).isInstanceOf(Map.class);
                assertThat(live.result).isEqualTo(Result.UNSTABLE);
            }
            default -> {
                assertThat(live.ended.join()).isInstanceOf(Map.class);
                assertThat(live.result).isNull();
            }
        }
    }

    @Test
    void failureMessageCarriesRootlysStatusMessage() throws Exception {
        FakeStepContext context = new FakeStepContext();
        FakeStepContext.Live live = run(step("deploy-fails", true).start(context), context);

        assertThatThrownBy(live.ended::join)
                .cause()
                .hasMessageStartingWith("[Rootly] FAILED: ")
                .hasMessageContaining("escalation policy not found");
        assertThat(live.log()).as("Jenkins prints the failure once, as ERROR:").doesNotContain("FAILED:");
    }

    @Test
    void createOnlyEndsAtOnceWithCreated() throws Exception {
        FakeStepContext context = new FakeStepContext();
        FakeStepContext.Live live = run(step("slow", false).start(context), context);

        @SuppressWarnings("unchecked")
        Map<String, Object> returned = (Map<String, Object>) live.ended.join();
        assertThat(returned).containsEntry("outcome", "CREATED").containsEntry("status", "queued");
    }

    @Test
    void rejectionIsAFailureWithRootlysWords() throws Exception {
        RootlyWorkflowRunStep step = step("deploy-conditions-unmet", true);
        step.setCheckConditions(true);
        FakeStepContext context = new FakeStepContext();

        FakeStepContext.Live live = run(step.start(context), context);

        assertThatThrownBy(live.ended::join)
                .cause()
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("Incident conditions are not satisfied");
        assertThat(emulator.ledger()).isEmpty();
    }

    @Test
    void badParametersAbortInStartNamingTheParameterAndSendNothing() throws Exception {
        RootlyWorkflowRunStep twoTargets = step("deploy-succeeds", true);
        twoTargets.setIncidentId("i");
        twoTargets.setAlertId("a");
        assertThatThrownBy(() -> twoTargets.start(new FakeStepContext()).start())
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("alertId: a run takes at most one target");

        RootlyWorkflowRunStep badTimeout = step("deploy-succeeds", true);
        badTimeout.setTimeout("soon");
        assertThatThrownBy(() -> badTimeout.start(new FakeStepContext()).start())
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("timeout: 'soon' is not a duration");

        RootlyWorkflowRunStep unknownCredential = step("deploy-succeeds", true);
        unknownCredential.setCredentialsId("nope");
        assertThatThrownBy(() -> unknownCredential.start(new FakeStepContext()).start())
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("no Secret text credential 'nope'");

        services.defaults = new RootlyServices.Defaults(emulator.baseUrl(), null, "30m", "10s");
        assertThatThrownBy(() -> step("deploy-succeeds", true)
                        .start(new FakeStepContext())
                        .start())
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("credentialsId is not set");
        assertThat(emulator.ledger()).isEmpty();
    }

    @Test
    void stateSurvivesSerialisationAndOnResumePollsTheSameRun() throws Exception {
        FakeStepContext context = new FakeStepContext();
        StepExecution execution = step("slow", true).start(context);
        assertThat(execution.start()).isFalse();
        while (((RootlyWorkflowRunStep.Execution) execution).ticket() == null) {
            scheduler.runNextDue();
        }
        String runId = ((RootlyWorkflowRunStep.Execution) execution).ticket().runId();
        assertThat(execution.getStatus()).isEqualTo("waiting for Rootly workflow run " + runId + " (queued)");
        byte[] persisted = serialise(execution);
        assertThat(new String(persisted, StandardCharsets.ISO_8859_1))
                .as("token never persisted")
                .doesNotContain(TOKEN);

        resumeAfterRestart(persisted, context);

        @SuppressWarnings("unchecked")
        Map<String, Object> returned =
                (Map<String, Object>) context.live().ended.join();
        assertThat(returned).containsEntry("run_id", runId).containsEntry("outcome", "SUCCEEDED");
        assertThat(context.live().log()).contains("Resuming the wait for run " + runId);
        assertThat(emulator.ledger()).as("no second run was created").hasSize(1);
        assertThat(services.tracked)
                .as("the credential is looked up again after the restart")
                .containsEntry("rootly-token", 1);
    }

    @Test
    void restartDuringTheCreateFindsTheRunByItsRequestIdAndWaitsForIt() throws Exception {
        FakeStepContext context = new FakeStepContext();
        StepExecution execution = step("slow", true).start(context);
        execution.start();
        byte[] persisted = serialise(execution); // saved while the create was in flight
        while (emulator.ledger().isEmpty()) {
            scheduler.runNextDue(); // the create reaches Rootly, but its answer dies with the controller
        }
        String runId = emulator.ledger().get(0).id();

        resumeAfterRestart(persisted, context);

        @SuppressWarnings("unchecked")
        Map<String, Object> returned =
                (Map<String, Object>) context.live().ended.join();
        assertThat(returned).containsEntry("run_id", runId).containsEntry("outcome", "SUCCEEDED");
        assertThat(emulator.ledger())
                .as("the run was adopted, not created again")
                .hasSize(1);
        assertThat(context.live().log())
                .contains("looking for the run with request id "
                        + emulator.ledger().get(0).requestId())
                .contains("Found the run created by the ambiguous request: " + runId);
    }

    @Test
    void restartBeforeTheCreateWasSentFailsSayingNoRunCarriesTheRequestId() throws Exception {
        FakeStepContext context = new FakeStepContext();
        StepExecution execution = step("slow", true).start(context);
        execution.start(); // nothing run: the create never leaves the controller
        byte[] persisted = serialise(execution);

        resumeAfterRestart(persisted, context);

        assertThatThrownBy(context.live().ended::join)
                .cause()
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("carries request id")
                .hasMessageContaining("never reached Rootly");
        assertThat(emulator.ledger()).isEmpty();
    }

    @Test
    void restartDuringTheCreateWithoutCiContextFailsAsUnknown() throws Exception {
        RootlyWorkflowRunStep step = step("slow", true);
        step.setIncludeCiContext(false);
        FakeStepContext context = new FakeStepContext();
        StepExecution execution = step.start(context);
        execution.start();

        deserialise(serialise(execution)).onResume();

        assertThatThrownBy(context.live().ended::join)
                .cause()
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("whether it was created is unknown");
    }

    @Test
    void stopEndsTheWaitAndSaysTheRunGoesOn() throws Exception {
        FakeStepContext context = new FakeStepContext();
        StepExecution execution = step("slow", true).start(context);
        execution.start();
        while (((RootlyWorkflowRunStep.Execution) execution).ticket() == null) {
            scheduler.runNextDue();
        }

        while (emulator.requestCounts().getOrDefault("list_runs", 0) < 1) {
            scheduler.runNextDue(); // a first poll
        }
        Map<String, Integer> before = emulator.requestCounts();
        InterruptedException abort = new InterruptedException("aborted by user");
        execution.stop(abort);
        scheduler.runAll();

        assertThatThrownBy(context.live().ended::join).cause().isSameAs(abort);
        assertThat(context.live().log()).contains("goes on in Rootly, which has no cancel API");
        assertThat(scheduler.pending()).as("no poll left scheduled").isZero();
        assertThat(emulator.requestCounts()).as("no request after the abort").isEqualTo(before);
        assertThat(context.live().run.getAction(RootlyRunAction.class).getRuns())
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.getOutcome()).isEqualTo("ABORTED");
                    assertThat(r.getMessage()).contains("goes on in Rootly");
                });
    }

    @Test
    void stopWhileTheWorkflowIsLookedUpSendsNoCreate() throws Exception {
        FakeStepContext context = new FakeStepContext();
        StepExecution execution = step("slow", true).start(context);
        execution.start(); // the slug lookup is scheduled, not yet sent

        InterruptedException abort = new InterruptedException("aborted by user");
        execution.stop(abort);
        scheduler.runAll();

        assertThatThrownBy(context.live().ended::join).cause().isSameAs(abort);
        assertThat(emulator.requestCounts()).doesNotContainKey("create");
        assertThat(emulator.ledger()).as("no run for an aborted build").isEmpty();
        assertThat(context.live().log()).contains("Stopped before the run was created");
    }

    @Test
    void freestyleAbortSendsNoFurtherRequestAndIsRecorded() throws Exception {
        RootlyWorkflowRunStep settings = step("slow", true);
        RootlyWorkflowRunBuilder builder = new RootlyWorkflowRunBuilder(settings, null);
        FakeStepContext.FakeRun build = new FakeStepContext.FakeRun();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        java.io.PrintStream logger = new java.io.PrintStream(log, true, StandardCharsets.UTF_8);
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread executor = new Thread(() -> {
            try {
                builder.perform(build, new EnvVars(), () -> logger);
                ended.complete(null);
            } catch (Throwable t) {
                ended.complete(t);
            }
        });
        executor.start();
        while (emulator.requestCounts().getOrDefault("list_runs", 0) < 1) {
            if (!scheduler.runNextDue()) {
                Thread.onSpinWait(); // the executor thread has not handed the engine its first task yet
            }
        }
        Map<String, Integer> before = emulator.requestCounts();

        executor.interrupt(); // what Jenkins does to a freestyle build's executor on abort
        assertThat(ended.get()).isInstanceOf(InterruptedException.class);
        scheduler.runAll();

        assertThat(emulator.requestCounts()).as("no request after the abort").isEqualTo(before);
        assertThat(scheduler.pending()).as("no poll left scheduled").isZero();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("Build aborted");
        assertThat(build.getAction(RootlyRunAction.class).getRuns())
                .singleElement()
                .satisfies(r -> assertThat(r.getOutcome()).isEqualTo("ABORTED"));
    }

    @Test
    void theTokenAppearsInNoLogMessageMapOrAction() throws Exception {
        List<String> texts = new ArrayList<>();
        for (String workflow :
                List.of("deploy-succeeds", "deploy-fails", "deploy-completes-with-errors", "no-such-workflow")) {
            FakeStepContext context = new FakeStepContext();
            FakeStepContext.Live live = run(step(workflow, true).start(context), context);
            texts.add(live.log());
            texts.add(String.valueOf(live.ended
                    .handle((ok, error) -> ok != null ? ok.toString() : error.toString())
                    .join()));
            RootlyRunAction action = live.run.getAction(RootlyRunAction.class);
            if (action != null) {
                action.getRuns().forEach(r -> texts.add(r.getMessage() + r.getStatusMessage() + r.getRunId()));
            }
        }
        assertThat(texts).hasSize(12).noneMatch(t -> t.contains(TOKEN));
    }
}
