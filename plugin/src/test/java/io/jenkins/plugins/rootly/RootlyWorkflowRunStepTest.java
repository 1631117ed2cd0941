package io.jenkins.plugins.rootly;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Result;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The Pipeline step in a real Jenkins against the emulator: outcomes, the return map, abort, and secrecy. */
@WithJenkins
class RootlyWorkflowRunStepTest {
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

    private WorkflowRun build(String script, Result expected) throws Exception {
        return RootlyTestSupport.build(j, script, expected);
    }

    @ParameterizedTest
    @CsvSource({
        "ok, UNSTABLE, SUCCESS, SUCCEEDED",
        "partial, UNSTABLE, UNSTABLE, COMPLETED_WITH_ERRORS",
        "partial, SUCCESS, SUCCESS, COMPLETED_WITH_ERRORS",
        "partial, FAILURE, FAILURE, COMPLETED_WITH_ERRORS",
        "broken, UNSTABLE, FAILURE, FAILED",
        "stopped, UNSTABLE, FAILURE, CANCELED",
        "guarded, UNSTABLE, FAILURE, REJECTED_OR_UNREACHABLE"
    })
    void eachOutcomeSetsTheBuildResult(String workflow, String policy, String result, String outcome) throws Exception {
        String script = "def run = rootlyWorkflowRun workflow: '" + workflow + "', wait: true, checkConditions: true,"
                + " completedWithErrors: '" + policy
                + "'\necho \"outcome=${run.outcome} id=${run.run_id} status=${run.status}\"";
        WorkflowRun b = build(script, Result.fromString(result));

        if (!"FAILURE".equals(result)) {
            j.assertLogContains(
                    "outcome=" + outcome + " id=" + emulator.ledger().get(0).id(), b);
        } else {
            j.assertLogContains(
                    outcome.equals("REJECTED_OR_UNREACHABLE") ? "Incident conditions are not satisfied" : "ended", b);
        }
        RootlyRunAction action = b.getAction(RootlyRunAction.class);
        assertThat(action).isNotNull();
        assertThat(action.getRuns()).singleElement().satisfies(r -> assertThat(r.getOutcome())
                .isEqualTo(outcome));
    }

    @Test
    void timeoutFailsTheBuildAndSaysTheRunGoesOn() throws Exception {
        WorkflowRun b = build("rootlyWorkflowRun workflow: 'stuck', wait: true, timeout: '3s'", Result.FAILURE);

        j.assertLogContains("still queued after the 3s timeout", b);
        j.assertLogContains("goes on in Rootly", b);
    }

    @Test
    void returnMapNeedsNoScriptApprovalAndCreateOnlyDoesNotWait() throws Exception {
        WorkflowRun b = build(
                """
                def run = rootlyWorkflowRun workflow: 'slow', context: [service: 'api', version: '1.2.3']
                assert run instanceof Map
                echo "outcome=${run.outcome} status=${run.status} requests=${run.api_requests}"
                """,
                Result.SUCCESS);

        j.assertLogContains("outcome=CREATED status=queued", b);
        assertThat(emulator.ledger()).singleElement().satisfies(e -> assertThat(e.requestId())
                .isNotBlank());
    }

    @Test
    void abortStopsTheWaitHoldingNoExecutorAndSaysTheRunGoesOn() throws Exception {
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "abort");
        p.setDefinition(new CpsFlowDefinition("rootlyWorkflowRun workflow: 'stuck', wait: true", true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("Created workflow run", b);
        assertThat(b.getExecutor())
                .as("a Pipeline waiting on Rootly holds no executor outside node {}")
                .isNull();

        b.doStop();

        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
        j.assertLogContains("it goes on in Rootly, which has no cancel API", b);
        assertThat(b.getAction(RootlyRunAction.class).getRuns())
                .as("the build page no longer says queued / CREATED")
                .singleElement()
                .satisfies(r -> assertThat(r.getOutcome()).isEqualTo("ABORTED"));
    }

    @Test
    void aFailingOutcomeIsOneLineWithoutAStackTrace() throws Exception {
        WorkflowRun b = build("rootlyWorkflowRun workflow: 'broken', wait: true", Result.FAILURE);

        String log = JenkinsRule.getLog(b);
        assertThat(log).contains("ERROR: [Rootly] FAILED: ").doesNotContain("\tat ");
        assertThat(log.split("FAILED: ", -1)).as("the outcome printed once").hasSize(2);
    }

    /** The step's form (Snippet Generator, and the freestyle builder's nested form) renders and round-trips. */
    @Test
    void configFormRoundTripsAndEmptyFieldsStayUnset() throws Exception {
        RootlyWorkflowRunStep step = new RootlyWorkflowRunStep("ok");
        step.setWait(true);
        step.setTimeout("5m");

        RootlyWorkflowRunStep after = new StepConfigTester(j).configRoundTrip(step);

        j.assertEqualDataBoundBeans(step, after);
        assertThat(after.getIncidentId())
                .as("an empty text box is unset, not ''")
                .isNull();
        assertThat(org.jenkinsci.plugins.structs.describable.DescribableModel.uninstantiate2_(after)
                        .toString())
                .doesNotContain("''")
                .doesNotContain("incidentId");
    }

    @Test
    void runPageShowsTheRunUnderOneBreadcrumb() throws Exception {
        WorkflowRun b = build("rootlyWorkflowRun workflow: 'ok', wait: true", Result.SUCCESS);

        org.htmlunit.html.HtmlPage page = j.createWebClient().getPage(b, "rootly");

        assertThat(page.asNormalizedText()).contains(emulator.ledger().get(0).id());
        long crumbs = page.querySelectorAll(".jenkins-breadcrumbs__list-item").stream()
                .filter(n -> n.getTextContent().contains("Rootly workflow runs"))
                .count();
        assertThat(crumbs).isEqualTo(1);
    }

    @Test
    void theTokenIsInNoLogBuildRecordOrJobConfig() throws Exception {
        WorkflowRun b = build("rootlyWorkflowRun workflow: 'ok', wait: true", Result.SUCCESS);

        RootlyTestSupport.assertTokenNowhere(j, b);
    }
}
