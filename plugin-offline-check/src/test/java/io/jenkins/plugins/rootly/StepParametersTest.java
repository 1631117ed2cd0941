package io.jenkins.plugins.rootly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rootlyworkflowrun.api.Target;
import io.github.rootlyworkflowrun.engine.CompletedWithErrorsPolicy;
import io.github.rootlyworkflowrun.engine.RunSpec;
import io.github.rootlyworkflowrun.engine.UsageException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How step fields, global defaults and the build's environment become the core request. */
class StepParametersTest {
    private static final RootlyServices.Defaults DEFAULTS =
            new RootlyServices.Defaults("https://rootly.example.com", "global-token", "45m", "20s");

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
        StepParameters p = step.parameters();

        RunSpec spec = p.toSpec(
                DEFAULTS,
                Map.of("JENKINS_URL", "https://ci/", "BUILD_URL", "https://ci/job/x/1/", "JOB_NAME", "x"),
                "tok",
                "global-token");

        assertThat(p.effectiveCredentialsId(DEFAULTS)).isEqualTo("global-token");
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
                .containsEntry("build_url", "https://ci/job/x/1/")
                .containsEntry("job", "mine")
                .containsKey("request_id");
        assertThat(spec.context()).containsEntry("service", "api");
    }

    @Test
    void withNothingConfiguredTheContractsDefaultsApply() {
        StepParameters p = new RootlyWorkflowRunStep("w").parameters();
        RootlyServices.Defaults none = new RootlyServices.Defaults(null, null, null, null);

        RunSpec spec = p.toSpec(none, Map.of(), "tok", "x");

        assertThat(p.effectiveCredentialsId(none)).isNull();
        assertThat(spec.apiUrl()).isEqualTo("https://api.rootly.com");
        assertThat(spec.timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(spec.pollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec.immediate()).isTrue();
        assertThat(spec.waitForCompletion()).isFalse();
        assertThat(spec.completedWithErrors()).isEqualTo(CompletedWithErrorsPolicy.UNSTABLE);
        assertThat(spec.context()).containsKey("ci");
    }

    @Test
    void freestyleContextIsJsonAndCiContextCanBeLeftOut() {
        RootlyWorkflowRunBuilder builder = new RootlyWorkflowRunBuilder("w");
        builder.setContext("{\"service\":\"api\"}");
        builder.setIncludeCiContext(false);
        StepParameters p = new StepParameters(
                "w",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                builder.getContext(),
                true,
                false,
                false,
                null,
                null,
                null,
                builder.isIncludeCiContext());

        RunSpec spec = p.toSpec(DEFAULTS, Map.of("JENKINS_URL", "x"), "tok", "id");

        assertThat(spec.context()).containsExactly(Map.entry("service", "api"));
        assertThat(spec.requestId()).isNull();
        StepParameters bad = new StepParameters(
                "w", null, null, null, null, null, null, null, null, "[1]", true, false, false, null, null, null, true);
        assertThatThrownBy(() -> bad.toSpec(DEFAULTS, Map.of(), "tok", "id"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("context: must be a JSON object");
    }
}
