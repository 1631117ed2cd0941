package io.jenkins.plugins.rootly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.TaskListener;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import io.github.rootlyworkflowrun.emulator.Scenario;
import io.github.rootlyworkflowrun.engine.RunEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The freestyle step end to end against the emulator, in real time (a freestyle build blocks until it ends). */
class FreestyleBuilderTest {
    private static final String TOKEN = "freestyle-SECRET-token";
    private RootlyEmulator emulator;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final TaskListener listener = () -> new PrintStream(log, true, StandardCharsets.UTF_8);

    @BeforeEach
    void setUp() throws Exception {
        emulator = RootlyEmulator.builder()
                .token(TOKEN)
                .scenario(
                        Scenario.parse(
                                """
                workflows:
                  - {slug: ok, steps: [{status: queued, for: 200ms}, {status: completed}]}
                  - {slug: partial, steps: [{status: started, for: 200ms}, {status: completed_with_errors}]}
                  - {slug: broken, steps: [{status: started, for: 200ms}, {status: failed, statusMessage: "task 2 failed"}]}
                """))
                .start();
        TestServices services = new TestServices(RunEngine.builder().build());
        services.credentials.put("rootly", TOKEN);
        services.defaults = new RootlyServices.Defaults(emulator.baseUrl(), "rootly", "1m", "1s");
        services.install();
    }

    @AfterEach
    void tearDown() {
        TestServices.uninstall();
        emulator.close();
    }

    private static RootlyWorkflowRunBuilder builder(String workflow) {
        RootlyWorkflowRunStep run = new RootlyWorkflowRunStep(workflow);
        run.setWait(true);
        return new RootlyWorkflowRunBuilder(run, "{\"service\":\"api\"}");
    }

    @Test
    void successRecordsTheRunAndExportsItsVariables() throws Exception {
        FakeStepContext.FakeRun run = new FakeStepContext.FakeRun();

        builder("ok").perform(run, new EnvVars(), listener);

        RootlyRunAction action = run.getAction(RootlyRunAction.class);
        EnvVars env = new EnvVars();
        action.buildEnvironment(run, env);
        assertThat(env)
                .containsEntry("ROOTLY_WORKFLOW_RUN_OUTCOME", "SUCCEEDED")
                .containsEntry("ROOTLY_WORKFLOW_RUN_STATUS", "completed")
                .containsEntry(
                        "ROOTLY_WORKFLOW_RUN_ID", emulator.ledger().get(0).id());
        assertThat(run.toString()).doesNotContain("UNSTABLE");
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("[Rootly] SUCCEEDED")
                .doesNotContain(TOKEN);
        assertThat(builder("ok").requiresWorkspace()).isFalse();
    }

    @Test
    void completedWithErrorsMakesTheBuildUnstableAndFailureAborts() throws Exception {
        FakeStepContext.FakeRun run = new FakeStepContext.FakeRun();
        builder("partial").perform(run, new EnvVars(), listener);
        assertThat(run.toString()).contains("UNSTABLE");

        assertThatThrownBy(() -> builder("broken").perform(new FakeStepContext.FakeRun(), new EnvVars(), listener))
                .isInstanceOf(AbortException.class)
                .hasMessageStartingWith("[Rootly] FAILED: ")
                .hasMessageContaining("task 2 failed");
        assertThat(emulator.ledger()).hasSize(2);
        assertThat(log.toString(StandardCharsets.UTF_8))
                .as("the failure is Jenkins' ERROR: line only, not printed twice")
                .doesNotContain("FAILED:");
    }

    @Test
    void badInputAbortsBeforeAnythingIsSent() {
        RootlyWorkflowRunBuilder b = new RootlyWorkflowRunBuilder(builder("ok").getRun(), "not json");
        assertThatThrownBy(() -> b.perform(new FakeStepContext.FakeRun(), new EnvVars(), listener))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("context: is not valid JSON");
        assertThat(emulator.ledger()).isEmpty();
    }
}
