package io.jenkins.plugins.rootly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rootlyworkflowrun.api.KeyValue;
import io.github.rootlyworkflowrun.engine.CompletedWithErrorsPolicy;
import io.github.rootlyworkflowrun.engine.PulseSpec;
import io.github.rootlyworkflowrun.engine.UsageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How rootlyPulse's parameters, the global defaults and the build become core's pulse spec. */
class PulseSettingsTest {
    private static final RootlyServices.Defaults DEFAULTS =
            new RootlyServices.Defaults("https://rootly.example.com", "global-token", "45m", "20s");
    private static final Map<String, Object> CI = BuildCiContext.of(
            new FakeStepContext.FakeRun(),
            "https://ci.example.com/",
            Map.of("GIT_COMMIT", "abc123", "BRANCH_NAME", "main"));

    private static PulseSpec spec(RootlyPulseStep step) {
        return step.toSpec(DEFAULTS, "tok", "global-token", BuildCiContext.pulseRefs(CI));
    }

    @Test
    void defaultsComeFromTheGlobalConfigurationAndTheBuild() {
        RootlyPulseStep step = new RootlyPulseStep("Deploy checkout 1.4.2");

        PulseSpec spec = spec(step);

        assertThat(spec.summary()).isEqualTo("Deploy checkout 1.4.2");
        assertThat(spec.source()).isEqualTo("jenkins");
        assertThat(spec.apiUrl()).isEqualTo("https://rootly.example.com");
        assertThat(spec.timeout()).isEqualTo(Duration.ofMinutes(45));
        assertThat(spec.pollInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(spec.settle()).isEqualTo(PulseSpec.DEFAULT_SETTLE);
        assertThat(spec.waitForTriggered()).isFalse();
        assertThat(spec.completedWithErrors()).isEqualTo(CompletedWithErrorsPolicy.UNSTABLE);
        assertThat(spec.tokenSource()).isEqualTo("credentials 'global-token'");
        assertThat(spec.refs())
                .containsExactly(
                        new KeyValue("commit_sha", "abc123"),
                        new KeyValue("build_url", "https://ci.example.com/job/team/job/deploy/42/"),
                        new KeyValue("ref", "main"),
                        new KeyValue(PulseSpec.REQUEST_ID_REF, spec.requestId()));
        assertThat(spec.requestId()).isNotBlank();
    }

    @Test
    void stepValuesWinAndGroovyTextBecomesStrings() {
        RootlyPulseStep step = new RootlyPulseStep("Deploy");
        step.setSource("argo");
        // A GString is a CharSequence, not a String, whatever the declared element type says.
        List<String> services = new ArrayList<>();
        addUnchecked(services, new StringBuilder("checkout"));
        services.add("payments");
        step.setServices(services);
        step.setEnvironments(List.of("production"));
        Map<String, String> labels = new LinkedHashMap<>();
        putUnchecked(labels, new StringBuilder("version"), new StringBuilder("1.4.2"));
        step.setLabels(labels);
        step.setRefs(Map.of("ref", "release/1.4", "tag", "v1.4.2"));
        step.setData(Map.of("canary", true, "artifact", new StringBuilder("checkout.jar")));
        step.setExternalUrl("https://ci.example.com/release/1.4.2");
        step.setStartedAt("2026-08-21T10:15:00Z");
        step.setEndedAt("2026-08-21T12:20:00+02:00");
        step.setWaitForTriggered(true);
        step.setSettle("2m");
        step.setTimeout("10m");
        step.setPollInterval("5s");
        step.setCompletedWithErrors("failure");
        step.setApiUrl("http://127.0.0.1:9999");

        PulseSpec spec = spec(step);

        assertThat(spec.source()).isEqualTo("argo");
        assertThat(spec.services()).containsExactly("checkout", "payments");
        assertThat(spec.environments()).containsExactly("production");
        assertThat(spec.labels()).containsExactly(new KeyValue("version", "1.4.2"));
        assertThat(spec.refs())
                .as("the user's ref wins over the build's")
                .contains(new KeyValue("ref", "release/1.4"), new KeyValue("tag", "v1.4.2"))
                .doesNotContain(new KeyValue("ref", "main"));
        assertThat(spec.data()).containsEntry("canary", true).containsEntry("artifact", "checkout.jar");
        assertThat(spec.externalUrl()).isEqualTo("https://ci.example.com/release/1.4.2");
        assertThat(spec.startedAt()).hasToString("2026-08-21T10:15:00Z");
        assertThat(spec.endedAt()).hasToString("2026-08-21T10:20:00Z");
        assertThat(spec.waitForTriggered()).isTrue();
        assertThat(spec.settle()).isEqualTo(Duration.ofMinutes(2));
        assertThat(spec.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(spec.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(spec.completedWithErrors()).isEqualTo(CompletedWithErrorsPolicy.FAILURE);
        assertThat(spec.apiUrl()).isEqualTo("http://127.0.0.1:9999");
    }

    @Test
    void withoutCiContextOnlyTheRequestIdRefGoesAlong() {
        RootlyPulseStep step = new RootlyPulseStep("Deploy");
        step.setIncludeCiContext(false);

        PulseSpec spec = spec(step);

        assertThat(spec.refs())
                .as("request_id still lets a restart mid-create find the pulse")
                .containsExactly(new KeyValue(PulseSpec.REQUEST_ID_REF, spec.requestId()));
    }

    @Test
    void emptyValuesAreUnsetSoTheSnippetGeneratorLeavesThemOut() {
        RootlyPulseStep step = new RootlyPulseStep("Deploy");
        step.setSource(" ");
        step.setServices(List.of());
        step.setEnvironments(List.of());
        step.setLabels(Map.of());
        step.setRefs(Map.of());
        step.setData(Map.of());
        step.setExternalUrl("");
        step.setStartedAt("");
        step.setEndedAt("");
        step.setSettle("");

        assertThat(step.getSource()).isNull();
        assertThat(step.getServices()).isNull();
        assertThat(step.getEnvironments()).isNull();
        assertThat(step.getLabels()).isNull();
        assertThat(step.getRefs()).isNull();
        assertThat(step.getData()).isNull();
        assertThat(step.getExternalUrl()).isNull();
        assertThat(step.getStartedAt()).isNull();
        assertThat(step.getEndedAt()).isNull();
        assertThat(step.getSettle()).isNull();
        assertThat(step.isWaitForTriggered()).isFalse();
        assertThat(step.isIncludeCiContext()).isTrue();
    }

    @Test
    void badParametersAreOneLineNamingTheField() {
        assertThatThrownBy(() -> spec(new RootlyPulseStep(" ")))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("summary: is required");
        RootlyPulseStep longSettle = new RootlyPulseStep("Deploy");
        longSettle.setSettle("1h");
        assertThatThrownBy(() -> spec(longSettle)).hasMessageStartingWith("settle: 1h is longer than the timeout");
        RootlyPulseStep badTime = new RootlyPulseStep("Deploy");
        badTime.setStartedAt("yesterday");
        assertThatThrownBy(() -> spec(badTime)).hasMessageStartingWith("startedAt: 'yesterday' is not an ISO-8601");
        RootlyPulseStep reserved = new RootlyPulseStep("Deploy");
        reserved.setRefs(Map.of("request_id", "mine"));
        assertThatThrownBy(() -> spec(reserved)).hasMessageStartingWith("refs: the key request_id");
        RootlyPulseStep nested = new RootlyPulseStep("Deploy");
        nested.setLabels(Map.of("team", "payments", "owners", "x"));
        nested.setRefs(uncheckedMap("images", List.of("a", "b")));
        assertThatThrownBy(() -> spec(nested)).hasMessage("refs: 'images' is a JSON array; each value must be text");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void addUnchecked(List<String> list, Object value) {
        ((List) list).add(value);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void putUnchecked(Map<String, String> map, Object key, Object value) {
        ((Map) map).put(key, value);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<String, String> uncheckedMap(String key, Object value) {
        Map map = new LinkedHashMap();
        map.put(key, value);
        return map;
    }
}
