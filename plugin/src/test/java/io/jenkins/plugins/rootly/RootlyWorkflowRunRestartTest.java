package io.jenkins.plugins.rootly;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * A controller restart in the middle of a wait: rootlyWorkflowRun resumes polling the same run, rootlyPulse the
 * same pulse's runs, and no second run or pulse appears.
 */
class RootlyWorkflowRunRestartTest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private static RootlyEmulator emulator;

    @BeforeAll
    static void startRootly() throws Exception {
        emulator = RootlyTestSupport.emulator(); // Rootly outlives the controller restart
    }

    @AfterAll
    static void stopRootly() {
        emulator.close();
    }

    @BeforeEach
    void forgetEarlierRuns() {
        emulator.reset(); // each test counts its own runs and pulses
    }

    @Test
    void waitResumesOnTheSameRunAfterARestart() throws Throwable {
        String[] runId = new String[1];
        sessions.then(j -> {
            RootlyTestSupport.configure(emulator);
            WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition(
                    "def run = rootlyWorkflowRun workflow: 'slow', wait: true\necho \"ended ${run.outcome}\"", true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            j.waitForMessage("Created workflow run", b);
            runId[0] = emulator.ledger().get(0).id();
        });
        sessions.then(j -> {
            WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("Resuming the wait for run " + runId[0], b);
            j.assertLogContains("ended SUCCEEDED", b);
            assertThat(emulator.ledger())
                    .as("one run, before and after the restart")
                    .hasSize(1);
        });
    }

    @Test
    void aPulsesWaitResumesOnTheSamePulseAfterARestart() throws Throwable {
        String[] pulseId = new String[1];
        sessions.then(j -> {
            RootlyTestSupport.configure(emulator);
            WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition(
                    """
                    def d = rootlyPulse summary: 'Deploy', labels: [tier: 'slow'], waitForTriggered: true, settle: '3s'
                    echo "ended ${d.outcome} runs=${d.runs.size()}"
                    """,
                    true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            j.waitForMessage("of Slow check (status", b); // the slow run was found; it stays queued for 20 s
            pulseId[0] = emulator.pulses().get(0).id();
        });
        sessions.then(j -> {
            WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("Resuming the wait for the runs of pulse " + pulseId[0], b);
            j.assertLogContains("ended SUCCEEDED runs=2", b);
            assertThat(emulator.pulses())
                    .as("one pulse, before and after the restart")
                    .hasSize(1);
            assertThat(emulator.pulses().get(0).runIds()).hasSize(2);
        });
    }
}
