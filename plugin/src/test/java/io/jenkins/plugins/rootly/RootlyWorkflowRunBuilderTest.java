package io.jenkins.plugins.rootly;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import hudson.tasks.Shell;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The freestyle step in a real Jenkins: result, variables, its config page, a hand-written config.xml, abort. */
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

    private static RootlyWorkflowRunBuilder builder(String workflow) {
        RootlyWorkflowRunStep run = new RootlyWorkflowRunStep(workflow);
        run.setWait(true);
        return new RootlyWorkflowRunBuilder(run, "{\"service\": \"api\"}");
    }

    private FreeStyleProject project(String workflow) throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        p.getBuildersList().add(builder(workflow));
        p.getBuildersList().add(new Shell("echo \"rootly=$ROOTLY_WORKFLOW_RUN_OUTCOME/$ROOTLY_WORKFLOW_RUN_STATUS\""));
        return p;
    }

    @Test
    void successExportsTheRunsVariables() throws Exception {
        FreeStyleBuild b = j.buildAndAssertSuccess(project("ok"));

        j.assertLogContains("rootly=SUCCEEDED/completed", b);
    }

    @Test
    void failedRunFailsTheBuildWithOneLineAndNoStackTrace() throws Exception {
        FreeStyleBuild b = j.assertBuildStatus(Result.FAILURE, project("broken").scheduleBuild2(0));

        String log = JenkinsRule.getLog(b);
        assertThat(log).contains("task 2 failed").doesNotContain("\tat ");
        assertThat(log.split("FAILED: ", -1)).as("the outcome printed once").hasSize(2);
    }

    /** The page a real controller once answered with a 500 (a Jelly expression Stapler could not parse). */
    @Test
    void configPageRendersWithEveryFieldAndSaves() throws Exception {
        FreeStyleProject p = project("ok");
        JenkinsRule.WebClient wc = j.createWebClient();

        HtmlPage page = wc.getPage(p, "configure");

        String html = page.asXml();
        for (String field : new String[] {"workflow", "credentialsId", "wait", "incidentId", "timeout", "context"}) {
            assertThat(html).as("form field " + field).contains("name=\"_." + field + "\"");
        }
        j.submit(page.getFormByName("config"));
        j.assertEqualDataBoundBeans(builder("ok"), p.getBuildersList().get(RootlyWorkflowRunBuilder.class));
    }

    @Test
    void configurationRoundTripsThroughTheForm() throws Exception {
        FreeStyleProject p = project("ok");
        j.configRoundtrip(p);

        j.assertEqualDataBoundBeans(builder("ok"), p.getBuildersList().get(RootlyWorkflowRunBuilder.class));
    }

    /** A config.xml with only the workflow (hand-written, REST-created, or older): the defaults still hold. */
    @Test
    void minimalConfigXmlKeepsTheDefaults() throws Exception {
        String xml =
                """
                <project>
                  <builders>
                    <io.jenkins.plugins.rootly.RootlyWorkflowRunBuilder>
                      <run><workflow>ok</workflow></run>
                    </io.jenkins.plugins.rootly.RootlyWorkflowRunBuilder>
                  </builders>
                </project>
                """;
        FreeStyleProject p = (FreeStyleProject) j.jenkins.createProjectFromXML(
                "minimal", new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        RootlyWorkflowRunStep run =
                p.getBuildersList().get(RootlyWorkflowRunBuilder.class).getRun();
        assertThat(run.isImmediate()).isTrue();
        assertThat(run.isIncludeCiContext()).isTrue();

        j.buildAndAssertSuccess(p);

        assertThat(emulator.ledger()).singleElement().satisfies(e -> assertThat(e.requestId())
                .as("context.ci.request_id sent, so an ambiguous create reconciles")
                .isNotBlank());
    }

    @Test
    void abortStopsTheBuildAndRecordsIt() throws Exception {
        FreeStyleProject p = project("stuck");
        FreeStyleBuild b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("Created workflow run", b);

        b.getExecutor().interrupt();

        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
        j.assertLogContains("goes on in Rootly", b);
        assertThat(b.getAction(RootlyRunAction.class).getRuns())
                .singleElement()
                .satisfies(r -> assertThat(r.getOutcome()).isEqualTo("ABORTED"));
    }
}
