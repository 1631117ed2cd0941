package io.jenkins.plugins.rootly;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import hudson.tasks.Shell;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The freestyle step in a real Jenkins: result, exported variables, and its configuration round trip. */
@WithJenkins
class RootlyWorkflowRunBuilderTest {
    private JenkinsRule j;
    private RootlyEmulator emulator;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        emulator = RootlyTestSupport.emulator();
        RootlyTestSupport.configure(emulator);
    }

    @AfterEach
    void tearDown() {
        emulator.close();
    }

    private FreeStyleProject project(String workflow) throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        RootlyWorkflowRunBuilder step = new RootlyWorkflowRunBuilder(workflow);
        step.setWait(true);
        step.setContext("{\"service\": \"api\"}");
        p.getBuildersList().add(step);
        p.getBuildersList().add(new Shell("echo \"rootly=$ROOTLY_WORKFLOW_RUN_OUTCOME/$ROOTLY_WORKFLOW_RUN_STATUS\""));
        return p;
    }

    @Test
    void successExportsTheRunsVariables() throws Exception {
        FreeStyleBuild b = j.buildAndAssertSuccess(project("ok"));

        j.assertLogContains("rootly=SUCCEEDED/completed", b);
    }

    @Test
    void failedRunFailsTheBuildWithRootlysMessage() throws Exception {
        FreeStyleBuild b = j.assertBuildStatus(Result.FAILURE, project("broken").scheduleBuild2(0));

        j.assertLogContains("task 2 failed", b);
    }

    @Test
    void configurationRoundTripsThroughTheForm() throws Exception {
        FreeStyleProject p = project("ok");
        j.configRoundtrip(p);

        j.assertEqualDataBoundBeans(
                project("ok").getBuildersList().get(RootlyWorkflowRunBuilder.class),
                p.getBuildersList().get(RootlyWorkflowRunBuilder.class));
    }
}
