package io.jenkins.plugins.rootly;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Result;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** rootlyPulse in a real Jenkins against the emulator: the return map, triggered runs, the page, abort, the form. */
@WithJenkins
class RootlyPulseStepTest {
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

    @Test
    void withoutWaitingItReturnsAPlainMapWithThePulseId() throws Exception {
        WorkflowRun b = build(
                """
                def p = rootlyPulse summary: 'Deploy checkout 1.4.2', services: ['checkout'],
                        environments: ['production'], labels: [version: "1.4.${currentBuild.number}"]
                assert p instanceof Map
                assert p.runs instanceof List
                echo "outcome=${p.outcome} pulse=${p.pulse_id} source=${p.source} runs=${p.runs.size()}"
                """,
                Result.SUCCESS);

        RootlyEmulator.PulseEntry pulse = emulator.pulses().get(0);
        j.assertLogContains("outcome=CREATED pulse=" + pulse.id() + " source=jenkins runs=0", b);
        assertThat(pulse.labels())
                .as("a GString label value arrives as text")
                .containsExactly(new RootlyEmulator.KeyValue("version", "1.4.1"));
        assertThat(pulse.refs()).anySatisfy(r -> assertThat(r.key()).isEqualTo("request_id"));
        assertThat(b.getAction(RootlyPulseAction.class).getPulses())
                .singleElement()
                .satisfies(p -> assertThat(p.getPulseId()).isEqualTo(pulse.id()));
    }

    @Test
    void twoTriggeredRunsOneFailedFailTheBuildAndBothAreRecorded() throws Exception {
        WorkflowRun b = build(
                "rootlyPulse summary: 'Deploy', labels: [env: 'production'], waitForTriggered: true, settle: '3s'",
                Result.FAILURE);

        String log = JenkinsRule.getLog(b);
        assertThat(log).contains("ERROR: [Rootly] FAILED: ").doesNotContain("\tat ");
        assertThat(emulator.pulses().get(0).runIds()).hasSize(2);
        assertThat(b.getAction(RootlyPulseAction.class).getPulses())
                .singleElement()
                .satisfies(p -> assertThat(p.getRuns())
                        .extracting(RunRecord::getWorkflowLabel, RunRecord::getOutcome)
                        .containsExactlyInAnyOrder(
                                org.assertj.core.groups.Tuple.tuple("Announce", "SUCCEEDED"),
                                org.assertj.core.groups.Tuple.tuple("Smoke test", "FAILED")));
    }

    @Test
    void aPulseThatTriggersNothingSucceedsSayingSo() throws Exception {
        WorkflowRun b = build(
                """
                def p = rootlyPulse summary: 'Config change', source: 'terraform', waitForTriggered: true, settle: '2s'
                echo "outcome=${p.outcome} runs=${p.runs.size()}"
                """,
                Result.SUCCESS);

        j.assertLogContains("outcome=SUCCEEDED runs=0", b);
        assertThat(JenkinsRule.getLog(b)).containsIgnoringCase("no workflow ran for pulse");
        assertThat(emulator.ledger()).isEmpty();
    }

    @Test
    void theRunsOfAPulseAreInTheMapWhenTheBuildDoesNotFail() throws Exception {
        WorkflowRun b = build(
                """
                def p = rootlyPulse summary: 'Deploy', waitForTriggered: true, settle: '3s'
                for (r in p.runs) {
                    echo "run ${r.run_id} of ${r.workflow_name}: ${r.status} (pulse ${r.pulse_id})"
                }
                """,
                Result.SUCCESS);

        RootlyEmulator.PulseEntry pulse = emulator.pulses().get(0);
        j.assertLogContains("run " + pulse.runIds().get(0) + " of Announce: completed (pulse " + pulse.id() + ")", b);
    }

    @Test
    void theBuildPageShowsThePulseAndItsRunsEscaped() throws Exception {
        WorkflowRun b = build(
                "rootlyPulse summary: 'Deploy <b>checkout</b>', waitForTriggered: true, settle: '3s'", Result.SUCCESS);

        org.htmlunit.html.HtmlPage page = j.createWebClient().getPage(b, "rootly-pulses");

        RootlyEmulator.PulseEntry pulse = emulator.pulses().get(0);
        String text = page.asNormalizedText();
        assertThat(text)
                .contains(pulse.id())
                .contains("Deploy <b>checkout</b>")
                .contains(pulse.runIds().get(0))
                .contains("Announce");
        assertThat(page.querySelectorAll("h2 b"))
                .as("the summary is text, not markup")
                .isEmpty();
    }

    @Test
    void abortStopsTheWaitHoldingNoExecutorAndSaysThePulseGoesOn() throws Exception {
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "abort");
        p.setDefinition(new CpsFlowDefinition(
                "rootlyPulse summary: 'Deploy', labels: [tier: 'slow'], waitForTriggered: true, settle: '3s'", true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("of Slow check (status", b); // the run was found, and stays queued for 20 s
        assertThat(b.getExecutor())
                .as("a Pipeline waiting on Rootly holds no executor outside node {}")
                .isNull();

        b.doStop();

        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
        j.assertLogContains("the pulse and its runs go on in Rootly, which has no cancel API", b);
        assertThat(b.getAction(RootlyPulseAction.class).getPulses())
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.getOutcome()).isEqualTo("ABORTED");
                    assertThat(r.getRuns())
                            .extracting(RunRecord::getWorkflowLabel, RunRecord::getOutcome)
                            .contains(org.assertj.core.groups.Tuple.tuple("Slow check", "ABORTED"));
                });
    }

    /** The Snippet Generator's form round-trips the text fields; empty ones stay unset. */
    @Test
    void configFormRoundTripsAndEmptyFieldsStayUnset() throws Exception {
        RootlyPulseStep step = new RootlyPulseStep("Deploy checkout");
        step.setSource("argo");
        step.setWaitForTriggered(true);
        step.setSettle("1m");
        step.setTimeout("20m");

        RootlyPulseStep after = new StepConfigTester(j).configRoundTrip(step);

        j.assertEqualDataBoundBeans(step, after);
        assertThat(after.getExternalUrl())
                .as("an empty text box is unset, not ''")
                .isNull();
        assertThat(DescribableModel.uninstantiate2_(after).toString())
                .doesNotContain("''")
                .doesNotContain("externalUrl");
    }

    /** Lists and maps cannot be in the form; what a script writes survives the model that binds and describes it. */
    @Test
    void listAndMapParametersBindAndDescribeAsTheScriptWroteThem() throws Exception {
        DescribableModel<RootlyPulseStep> model = DescribableModel.of(RootlyPulseStep.class);
        Map<String, Object> args = Map.of(
                "summary", "Deploy",
                "services", List.of("checkout", "payments"),
                "environments", List.of("production"),
                "labels", Map.of("env", "production"),
                "refs", Map.of("tag", "v1.4.2"),
                "data", Map.of("canary", true));

        RootlyPulseStep step = model.instantiate(args);

        assertThat(step.getServices()).containsExactly("checkout", "payments");
        assertThat(step.getEnvironments()).containsExactly("production");
        assertThat(step.getLabels()).containsExactly(Map.entry("env", "production"));
        assertThat(step.getData()).containsExactly(Map.entry("canary", true));
        assertThat(DescribableModel.uninstantiate2_(step).toMap()).containsAllEntriesOf(args);
    }

    @Test
    void theTokenIsInNoLogOrBuildRecord() throws Exception {
        WorkflowRun b = build(
                "rootlyPulse summary: 'Deploy', labels: [env: 'production'], waitForTriggered: true, settle: '3s'",
                Result.FAILURE);

        RootlyTestSupport.assertTokenNowhere(j, b);
    }
}
