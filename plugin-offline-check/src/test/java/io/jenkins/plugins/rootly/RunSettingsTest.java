package io.jenkins.plugins.rootly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.thoughtworks.xstream.XStream;
import io.github.rootlyworkflowrun.api.Target;
import io.github.rootlyworkflowrun.engine.CompletedWithErrorsPolicy;
import io.github.rootlyworkflowrun.engine.RunSpec;
import io.github.rootlyworkflowrun.engine.UsageException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one settings model: how fields, global defaults and the build become the core request, and how it loads. */
class RunSettingsTest {
    private static final RootlyServices.Defaults DEFAULTS =
            new RootlyServices.Defaults("https://rootly.example.com", "global-token", "45m", "20s");
    private static final RootlyServices.Defaults NONE = new RootlyServices.Defaults(null, null, null, null);
    private static final Map<String, Object> CI = Map.of("provider", "jenkins", "job", "x");

    @Test
    void stepValuesWinOverGlobalDefaultsWhichWinOverTheContractsDefaults() {
        RootlyWorkflowRunStep step = new RootlyWorkflowRunStep("deploy-notify");
        step.setTimeout("5m");
        step.setPulseId("pulse-1");
        step.setContext(Map.of("service", "api", "ci", Map.of("job", "mine")));
        step.setImmediate(false);
        step.setCheckConditions(true);
        step.setWait(true);
        step.setCompletedWithErrors("failure");

        RunSpec spec = step.toSpec(DEFAULTS, "tok", "global-token", null, CI);

        assertThat(step.effectiveCredentialsId(DEFAULTS)).isEqualTo("global-token");
        assertThat(spec.apiUrl()).isEqualTo("https://rootly.example.com");
        assertThat(spec.timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(spec.pollInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(spec.target()).isEqualTo(new Target(Target.Kind.PULSE, "pulse-1"));
        assertThat(spec.immediate()).isFalse();
        assertThat(spec.checkConditions()).isTrue();
        assertThat(spec.waitForCompletion()).isTrue();
        assertThat(spec.completedWithErrors()).isEqualTo(CompletedWithErrorsPolicy.FAILURE);
        assertThat(spec.tokenSource()).isEqualTo("credentials 'global-token'");
        @SuppressWarnings("unchecked")
        Map<String, Object> ci = (Map<String, Object>) spec.context().get("ci");
        assertThat(ci)
                .containsEntry("provider", "jenkins")
                .containsEntry("job", "mine")
                .containsKey("request_id");
        assertThat(spec.context()).containsEntry("service", "api");
    }

    @Test
    void withNothingConfiguredTheContractsDefaultsApply() {
        RootlyWorkflowRunStep step = new RootlyWorkflowRunStep("w");

        RunSpec spec = step.toSpec(NONE, "tok", "x", null, CI);

        assertThat(step.effectiveCredentialsId(NONE)).isNull();
        assertThat(spec.apiUrl()).isEqualTo("https://api.rootly.com");
        assertThat(spec.timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(spec.pollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec.immediate()).isTrue();
        assertThat(spec.waitForCompletion()).isFalse();
        assertThat(spec.completedWithErrors()).isEqualTo(CompletedWithErrorsPolicy.UNSTABLE);
        assertThat(spec.requestId()).isNotBlank();
    }

    @Test
    void emptyTextIsUnsetSoTheSnippetGeneratorLeavesItOut() {
        RootlyWorkflowRunStep step = new RootlyWorkflowRunStep("w");
        step.setCredentialsId("");
        step.setApiUrl(" ");
        step.setIncidentId("");
        step.setPostMortemId("");
        step.setActionItemId("");
        step.setAlertId("");
        step.setPulseId("");
        step.setTimeout("");
        step.setPollInterval("");
        step.setCompletedWithErrors("");
        step.setContext(Map.of());

        assertThat(step.getCredentialsId()).isNull();
        assertThat(step.getApiUrl()).isNull();
        assertThat(step.getIncidentId()).isNull();
        assertThat(step.getPostMortemId()).isNull();
        assertThat(step.getActionItemId()).isNull();
        assertThat(step.getAlertId()).isNull();
        assertThat(step.getPulseId()).isNull();
        assertThat(step.getTimeout()).isNull();
        assertThat(step.getPollInterval()).isNull();
        assertThat(step.getContext()).isNull();
        assertThat(step.getCompletedWithErrors())
                .as("the default, which the Snippet Generator omits")
                .isEqualTo("UNSTABLE");
        assertThat(new RootlyWorkflowRunBuilder(step, "  ").getContext()).isNull();
    }

    @Test
    void freestyleContextIsJsonAndCiContextCanBeLeftOut() {
        RootlyWorkflowRunStep step = new RootlyWorkflowRunStep("w");
        step.setIncludeCiContext(false);

        RunSpec spec = step.toSpec(DEFAULTS, "tok", "id", "{\"service\":\"api\"}", CI);

        assertThat(spec.context()).containsExactly(Map.entry("service", "api"));
        assertThat(spec.requestId()).isNull();
        assertThatThrownBy(() -> step.toSpec(DEFAULTS, "tok", "id", "[1]", CI))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("context: must be a JSON object");
    }

    /** A config.xml written by hand, over REST, or before a field existed: XStream runs no initialiser. */
    @Test
    void defaultsSurviveLoadingAMinimalConfigXml() {
        XStream xstream = new XStream();
        xstream.allowTypesByWildcard(new String[] {"io.jenkins.plugins.rootly.**"});
        RootlyWorkflowRunBuilder builder = (RootlyWorkflowRunBuilder)
                xstream.fromXML(
                        """
                <io.jenkins.plugins.rootly.RootlyWorkflowRunBuilder>
                  <run><workflow>deploy-notify</workflow></run>
                </io.jenkins.plugins.rootly.RootlyWorkflowRunBuilder>
                """);
        RootlyWorkflowRunStep step = builder.getRun();

        assertThat(step.isImmediate()).isTrue();
        assertThat(step.isIncludeCiContext()).isTrue();
        assertThat(step.isWait()).isFalse();
        assertThat(step.getCompletedWithErrors()).isEqualTo("UNSTABLE");
        RunSpec spec = step.toSpec(NONE, "tok", "id", builder.getContext(), CI);
        assertThat(spec.immediate()).as("sent as immediate: true").isTrue();
        assertThat(spec.requestId())
                .as("context.ci.request_id, so an ambiguous create reconciles")
                .isNotBlank();

        RootlyWorkflowRunStep saved = (RootlyWorkflowRunStep) xstream.fromXML(xstream.toXML(step));
        assertThat(saved.isImmediate()).isTrue();
        assertThat(saved.getWorkflow()).isEqualTo("deploy-notify");
    }

    @Test
    void ciContextComesFromTheBuildAndHasABuildUrlOnlyWithARootUrl() {
        FakeStepContext.FakeRun build = new FakeStepContext.FakeRun();

        Map<String, Object> fresh = BuildCiContext.of(build, null, Map.of("GIT_COMMIT", "abc", "BRANCH_NAME", "main"));
        Map<String, Object> configured = BuildCiContext.of(build, "https://ci.example.com", Map.of());

        assertThat(fresh)
                .containsExactly(
                        Map.entry("provider", "jenkins"),
                        Map.entry("job", "team/deploy"),
                        Map.entry("build_number", "42"),
                        Map.entry("commit", "abc"),
                        Map.entry("ref", "main"));
        assertThat(configured).containsEntry("build_url", "https://ci.example.com/job/team/job/deploy/42/");
    }
}
