package io.github.rootlyworkflowrun.emulator;

import static io.github.rootlyworkflowrun.emulator.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pulse workflows: which pulses start their runs, after what delay on the emulator's clock, and how they show. */
class PulseWorkflowTest {
    private static final String TOKEN = "t-pulse-workflows";
    private static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");

    private RootlyEmulator emulator;
    private TestHttp http;

    private void start(Scenario scenario) {
        emulator = RootlyEmulator.builder()
                .token(TOKEN)
                .scenario(scenario)
                .clock(Clock.fixed(T0, ZoneOffset.UTC))
                .start();
        http = new TestHttp(emulator, TOKEN);
    }

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    /** The slugs of the workflows whose runs a pulse with these attributes started. */
    private List<String> startedBy(String attributes) throws Exception {
        String id = http.pulse(attributes);
        Map<String, String> slugById = emulator.ledger().stream()
                .collect(Collectors.toMap(RootlyEmulator.LedgerEntry::id, RootlyEmulator.LedgerEntry::workflowSlug));
        return emulator.pulses().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow().runIds().stream()
                .map(slugById::get)
                .toList();
    }

    private static Scenario.WorkflowSpec.Builder pulseWorkflow(String slug) {
        return Scenario.WorkflowSpec.builder(slug).triggerType("pulse");
    }

    @Test
    void onlyMatchingEnabledPulseWorkflowsOnPulseCreatedStartARun() throws Exception {
        start(Scenario.builder()
                .workflow(pulseWorkflow("every-pulse").build())
                .workflow(pulseWorkflow("from-jenkins")
                        .pulseSource("IS", "jenkins")
                        .build())
                .workflow(pulseWorkflow("from-ci")
                        .pulseSource("ANY", "jenkins", "github-actions")
                        .build())
                .workflow(pulseWorkflow("source-mentions-git")
                        .pulseSource("CONTAINS", "git")
                        .build())
                .workflow(pulseWorkflow("production")
                        .pulseLabel("CONTAINS", "env:production", "env:prod")
                        .build())
                .workflow(pulseWorkflow("exactly-production")
                        .pulseLabel("IS", "env:production")
                        .build())
                .workflow(pulseWorkflow("jenkins-and-production")
                        .pulseSource("IS", "jenkins")
                        .pulseLabel("ANY", "env:production")
                        .build())
                .workflow(pulseWorkflow("jenkins-or-production")
                        .pulseMatch("ANY")
                        .pulseSource("IS", "jenkins")
                        .pulseLabel("ANY", "env:production")
                        .build())
                .workflow(pulseWorkflow("disabled").enabled(false).build())
                .workflow(
                        pulseWorkflow("other-trigger").triggers("pulse_updated").build())
                .workflow(Scenario.WorkflowSpec.builder("not-a-pulse-workflow").build())
                .build());

        assertThat(
                        startedBy(
                                "\"summary\":\"a\",\"source\":\"jenkins\",\"labels\":[{\"key\":\"env\",\"value\":\"production\"}]"))
                .containsExactly(
                        "every-pulse",
                        "from-jenkins",
                        "from-ci",
                        "production",
                        "exactly-production",
                        "jenkins-and-production",
                        "jenkins-or-production");
        assertThat(
                        startedBy(
                                "\"summary\":\"b\",\"source\":\"github-actions\",\"labels\":[{\"key\":\"env\",\"value\":\"production\"},{\"key\":\"team\",\"value\":\"web\"}]"))
                .containsExactly(
                        "every-pulse", "from-ci", "source-mentions-git", "production", "jenkins-or-production");
        assertThat(startedBy(
                        "\"summary\":\"c\",\"source\":\"gitlab\",\"labels\":[{\"key\":\"env\",\"value\":\"prod\"}]"))
                .containsExactly("every-pulse", "source-mentions-git", "production");
        assertThat(startedBy("\"summary\":\"d\"")).containsExactly("every-pulse");
        assertThat(emulator.ledger())
                .as("no run of a disabled, non-pulse or other-trigger workflow")
                .extracting(RootlyEmulator.LedgerEntry::workflowSlug)
                .doesNotContain("disabled", "other-trigger", "not-a-pulse-workflow");
    }

    @Test
    void aPulseMatchingNoWorkflowStartsNothing() throws Exception {
        start(Scenario.builder()
                .workflow(pulseWorkflow("from-jenkins")
                        .pulseSource("IS", "jenkins")
                        .build())
                .workflow(pulseWorkflow("disabled").enabled(false).build())
                .build());

        assertThat(startedBy("\"summary\":\"s\",\"source\":\"gitlab\"")).isEmpty();
        assertThat(emulator.ledger()).isEmpty();
        assertThat(json(http.get("/v1/workflows/from-jenkins/workflow_runs")).path("data"))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0} {1} on source {2}: {3}")
    @CsvSource(
            delimiter = '|',
            nullValues = "null",
            value = {
                "IS            | jenkins         | jenkins        | true",
                "IS            | jenkins         | jenkins-x      | false",
                "IS            | jenkins         | null           | false",
                "ANY           | jenkins,gitlab  | gitlab         | true",
                "ANY           | jenkins,gitlab  | github         | false",
                "IS NOT        | jenkins         | gitlab         | true",
                "IS NOT        | jenkins         | jenkins        | false",
                "IS NOT        | jenkins         | null           | true",
                "NONE          | jenkins,gitlab  | github         | true",
                "NONE          | jenkins,gitlab  | gitlab         | false",
                "CONTAINS      | hub,lab         | gitlab         | true",
                "CONTAINS      | hub,lab         | jenkins        | false",
                "CONTAINS_ALL  | git,lab         | gitlab         | true",
                "CONTAINS_ALL  | git,hub         | gitlab         | false",
                "CONTAINS_NONE | hub             | gitlab         | true",
                "CONTAINS_NONE | lab             | gitlab         | false",
                "SET           | null            | gitlab         | true",
                "SET           | null            | null           | false",
                "UNSET         | null            | null           | true",
            })
    void sourceConditionsFollowRootlysOperators(String operator, String values, String source, boolean matches) {
        Scenario.Condition c =
                new Scenario.Condition(operator, values == null ? null : List.of(values.split(",")), false);
        assertThat(c.testSource(source)).isEqualTo(matches);
    }

    @ParameterizedTest(name = "{0} {1} on labels {2}: {3}")
    @CsvSource(
            delimiter = '|',
            nullValues = "null",
            value = {
                "IS            | env:prod           | env:prod              | true",
                "IS            | env:prod           | env:prod,team:web     | false",
                "IS            | env:prod,team:web  | team:web,env:prod     | true",
                "IS NOT        | env:prod           | env:prod,team:web     | true",
                "ANY           | env:prod,env:stage | team:web,env:stage    | true",
                "ANY           | env:prod           | env:production        | false",
                "CONTAINS      | env:prod           | env:prod,team:web     | true",
                "CONTAINS      | env:prod           | null                  | false",
                "CONTAINS_ALL  | env:prod,team:web  | team:web,env:prod,x:y | true",
                "CONTAINS_ALL  | env:prod,team:web  | env:prod              | false",
                "CONTAINS_NONE | env:prod           | env:stage             | true",
                "NONE          | env:prod           | env:prod              | false",
                "SET           | null               | x:y                   | true",
                "UNSET         | null               | x:y                   | false",
            })
    void labelConditionsFollowRootlysOperators(String operator, String values, String labels, boolean matches) {
        Scenario.Condition c =
                new Scenario.Condition(operator, values == null ? null : List.of(values.split(",")), false);
        assertThat(c.testLabels(labels == null ? List.of() : List.of(labels.split(","))))
                .isEqualTo(matches);
    }

    @Test
    void regexpConditionsFindTheirPatternAndAnyWithoutValuesSetsNoCondition() {
        Scenario.Condition source = new Scenario.Condition("IS", List.of("^git(hub|lab)$"), true);
        assertThat(source.testSource("gitlab")).isTrue();
        assertThat(source.testSource("gitlab-ci")).isFalse();
        Scenario.Condition label = new Scenario.Condition("CONTAINS", List.of("^ref:refs/heads/"), true);
        assertThat(label.testLabels(List.of("ref:refs/heads/main"))).isTrue();
        assertThat(label.testLabels(List.of("ref:refs/tags/v1"))).isFalse();
        assertThat(new Scenario.Condition(null, null, null).isSet()).isFalse();

        assertThatThrownBy(() -> new Scenario.Condition("MATCHES", List.of("x"), false))
                .hasMessageContaining("is not one of IS, IS NOT, ANY");
        assertThatThrownBy(() -> new Scenario.Condition("IS", List.of(), false))
                .hasMessage("pulse condition IS needs at least one value");
        assertThatThrownBy(() -> new Scenario.Condition("SET", List.of("x"), false))
                .hasMessage("pulse condition SET takes no values");
        assertThatThrownBy(() -> new Scenario.Condition("IS", List.of("("), true))
                .hasMessageContaining("is not a regular expression");
        assertThatThrownBy(() -> new Scenario.PulseConditions("SOME", null, null))
                .hasMessageContaining("ALL, ANY or NONE");
    }

    @Test
    void noneOfJoinsStartRunsOnlyWhenNoSetConditionHolds() throws Exception {
        start(Scenario.builder()
                .workflow(pulseWorkflow("neither-jenkins-nor-production")
                        .pulseMatch("NONE")
                        .pulseSource("IS", "jenkins")
                        .pulseLabel("CONTAINS", "env:production")
                        .build())
                .build());
        assertThat(startedBy("\"summary\":\"a\",\"source\":\"jenkins\"")).isEmpty();
        assertThat(startedBy("\"summary\":\"b\",\"labels\":[{\"key\":\"env\",\"value\":\"production\"}]"))
                .isEmpty();
        assertThat(startedBy("\"summary\":\"c\",\"source\":\"gitlab\""))
                .containsExactly("neither-jenkins-nor-production");
    }

    @Test
    void aRunStartsAfterItsDelayOnTheEmulatorsClockCarryingThePulseId() throws Exception {
        start(Scenario.builder()
                .workflow(pulseWorkflow("announce")
                        .startAfter(Duration.ofSeconds(2))
                        .step("queued", Duration.ofSeconds(1))
                        .step("started", Duration.ofSeconds(3))
                        .then("completed")
                        .build())
                .build());
        String pulse = http.pulse("\"summary\":\"Deploy\",\"source\":\"jenkins\"");
        String runs = "/v1/workflows/announce/workflow_runs";

        assertThat(json(http.get(runs)).path("data")).isEmpty();
        assertThat(emulator.ledger()).isEmpty();
        assertThat(emulator.pulses().get(0).runIds()).isEmpty();
        JsonNode pending = http.control("GET", "runs", null).path("pulses").path(0);
        assertThat(pending.path("pending_runs").path(0).path("workflow_slug").asText())
                .isEqualTo("announce");
        assertThat(pending.path("pending_runs").path(0).path("starts_at").asText())
                .isEqualTo("2026-11-29 12:00:02.000000+00:00");

        emulator.advanceClock(Duration.ofMillis(1999));
        assertThat(json(http.get(runs)).path("data")).as("not a moment early").isEmpty();
        emulator.advanceClock(Duration.ofMillis(1));
        JsonNode run = json(http.get(runs)).path("data").path(0);
        JsonNode a = run.path("attributes");
        assertThat(a.path("pulse_id").asText()).isEqualTo(pulse);
        assertThat(a.path("created_at").asText()).isEqualTo("2026-11-29 12:00:02.000000+00:00");
        assertThat(a.path("status").asText()).isEqualTo("queued");
        assertThat(a.path("kind").asText()).isEqualTo("pulse");
        assertThat(a.path("triggered_by").asText()).isEqualTo("system");
        assertThat(a.path("workflow_id").asText()).isEqualTo(emulator.workflowId("announce"));

        emulator.advanceClock(Duration.ofSeconds(1));
        assertThat(json(http.get(runs))
                        .path("data")
                        .path(0)
                        .path("attributes")
                        .path("status")
                        .asText())
                .isEqualTo("started");
        emulator.advanceClock(Duration.ofSeconds(3));
        assertThat(json(http.get(runs))
                        .path("data")
                        .path(0)
                        .path("attributes")
                        .path("completed_at")
                        .asText())
                .isEqualTo("2026-11-29 12:00:06.000000+00:00");
        assertThat(emulator.ledger()).singleElement().satisfies(e -> {
            assertThat(e.pulseId()).isEqualTo(pulse);
            assertThat(e.status()).isEqualTo("completed");
            assertThat(e.id()).isEqualTo(run.path("id").asText());
        });
        assertThat(emulator.pulses().get(0).runIds())
                .containsExactly(run.path("id").asText());
    }

    @Test
    void theLedgerListsPulsesWithTheRunsTheyStarted() throws Exception {
        start(Scenario.defaults());
        String quiet = http.pulse("\"summary\":\"Quiet\",\"source\":\"quiet\"");
        String deploy = http.pulse(
                "\"summary\":\"Deploy\",\"source\":\"jenkins\",\"labels\":[{\"key\":\"env\",\"value\":\"production\"}],"
                        + "\"refs\":[{\"key\":\"commit_sha\",\"value\":\"abc\"}]");
        http.createRun("deploy-succeeds", "");
        emulator.advanceClock(Duration.ofSeconds(2));

        JsonNode ledger = http.control("GET", "runs", null);
        assertThat(ledger.path("count").asInt()).isEqualTo(3);
        JsonNode pulses = ledger.path("pulses");
        assertThat(pulses.path(0).path("id").asText()).isEqualTo(quiet);
        assertThat(pulses.path(0).path("run_ids")).isEmpty();
        JsonNode p = pulses.path(1);
        assertThat(p.path("id").asText()).isEqualTo(deploy);
        assertThat(p.path("summary").asText()).isEqualTo("Deploy");
        assertThat(p.path("source").asText()).isEqualTo("jenkins");
        assertThat(p.path("refs").path(0).path("value").asText()).isEqualTo("abc");
        assertThat(p.path("created_at").asText()).isEqualTo("2026-11-29 12:00:00.000000+00:00");
        assertThat(p.path("run_ids")).hasSize(2);
        assertThat(p.path("pending_runs")).isEmpty();
        for (JsonNode run : ledger.path("runs")) {
            boolean fromPulse = !run.path("pulse_id").isNull();
            assertThat(run.path("triggered_by").asText()).isEqualTo(fromPulse ? "system" : "user");
            if (fromPulse) {
                assertThat(run.path("pulse_id").asText()).isEqualTo(deploy);
                assertThat(p.path("run_ids").toString()).contains(run.path("id").asText());
            }
        }
        assertThat(emulator.ledger())
                .extracting(RootlyEmulator.LedgerEntry::workflowSlug)
                .containsExactly("deploy-succeeds", "announce-pulse", "smoke-test-production");

        http.control("POST", "reset", "");
        assertThat(emulator.pulses()).isEmpty();
        assertThat(http.control("GET", "runs", null).path("pulses")).isEmpty();
    }

    @Test
    void workflowsListTheirPulseTriggerParams() throws Exception {
        start(Scenario.defaults());
        JsonNode smoke = json(http.get("/v1/workflows/smoke-test-production"))
                .path("data")
                .path("attributes");
        JsonNode t = smoke.path("trigger_params");
        assertThat(t.path("trigger_type").asText()).isEqualTo("pulse");
        assertThat(t.path("triggers").toString()).isEqualTo("[\"pulse_created\"]");
        assertThat(t.path("pulse_condition").asText()).isEqualTo("ALL");
        assertThat(t.path("pulse_condition_label").asText()).isEqualTo("CONTAINS");
        assertThat(t.path("pulse_labels").toString()).isEqualTo("[\"env:production\"]");
        assertThat(t.path("pulse_condition_source").asText()).isEqualTo("ANY");
        assertThat(t.path("pulse_sources")).isEmpty();
        assertThat(t.path("pulse_condition_label_use_regexp").asBoolean()).isFalse();

        JsonNode all = json(http.get("/v1/workflows?page%5Bsize%5D=100")).path("data");
        List<String> pulseWorkflows = new java.util.ArrayList<>();
        all.forEach(w -> {
            if (w.path("attributes")
                    .path("trigger_params")
                    .path("trigger_type")
                    .asText()
                    .equals("pulse")) {
                pulseWorkflows.add(w.path("attributes").path("slug").asText()
                        + (w.path("attributes").path("enabled").asBoolean() ? "" : " (disabled)"));
            }
        });
        assertThat(pulseWorkflows)
                .containsExactly("announce-pulse", "smoke-test-production", "disabled-pulse-workflow (disabled)");
        assertThat(json(http.get("/v1/workflows/deploy-fails"))
                        .path("data")
                        .path("attributes")
                        .path("trigger_params")
                        .has("pulse_condition"))
                .isFalse();
    }

    @Test
    void aScenarioFileDescribesPulseWorkflowsAsTheBuilderDoes() throws Exception {
        Scenario parsed = Scenario.parse(
                """
                services: [{slug: api, name: API}]
                environments: [{slug: production}]
                workflows:
                  - slug: smoke
                    triggerType: pulse
                    triggers: [pulse_created]
                    enabled: true
                    startAfter: 2s
                    pulseConditions:
                      match: ANY
                      source: {operator: IS, values: [jenkins, github-actions]}
                      label: {operator: CONTAINS, values: ["env:production"]}
                    steps: [{status: queued, for: 1s}, {status: failed, statusMessage: Smoke test failed}]
                  - slug: quiet
                    startAfter: 500ms
                """);
        Scenario built = Scenario.builder()
                .service("api", "API")
                .environment("production", null)
                .workflow(Scenario.WorkflowSpec.builder("smoke")
                        .triggerType("pulse")
                        .triggers("pulse_created")
                        .startAfter(Duration.ofSeconds(2))
                        .pulseMatch("ANY")
                        .pulseSource("IS", "jenkins", "github-actions")
                        .pulseLabel("CONTAINS", "env:production")
                        .step("queued", Duration.ofSeconds(1))
                        .then("failed", "Smoke test failed")
                        .build())
                .workflow(Scenario.WorkflowSpec.builder("quiet")
                        .startAfter(Duration.ofMillis(500))
                        .build())
                .build();
        // Durations differ only in form (2s against 2000ms), so compare what they mean.
        assertThat(parsed.workflows().get(0).startDelay())
                .isEqualTo(built.workflows().get(0).startDelay());
        assertThat(parsed.workflows().get(0).pulseConditions())
                .isEqualTo(built.workflows().get(0).pulseConditions());
        assertThat(parsed.workflows().get(1).triggerType())
                .as("a start delay makes it a pulse workflow")
                .isEqualTo("pulse");
        assertThat(parsed.workflows().get(1).triggers()).containsExactly("pulse_created");
        assertThat(parsed.services()).isEqualTo(built.services());
        assertThat(parsed.environments()).isEqualTo(built.environments());

        assertThatThrownBy(() -> Scenario.parse("workflows: [{slug: a, pulseConditions: {source: {operator: IS}}}]"))
                .hasMessage("workflows[0].pulseConditions.source: pulse condition IS needs at least one value");
        assertThatThrownBy(() ->
                        Scenario.parse("workflows: [{slug: a, pulseConditions: {source: {operator: IS, value: [x]}}}]"))
                .hasMessageStartingWith("unknown key 'value' in workflows[0].pulseConditions.source");
        assertThatThrownBy(() -> Scenario.parse("workflows: [{slug: a, pulseConditions: {match: SOME}}]"))
                .hasMessageStartingWith("workflows[0].pulseConditions: pulse condition match must be");
        assertThatThrownBy(() -> Scenario.parse("workflows: [{slug: a, triggerType: incident, startAfter: 1s}]"))
                .hasMessageContaining("workflows[0]: workflow 'a': pulseConditions and startAfter are for workflows"
                        + " with triggerType pulse, not incident");
        assertThatThrownBy(() -> Scenario.parse("workflows: [{slug: a, triggerType: pulse, startAfter: later}]"))
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Scenario.parse("services: [{slug: Api}]")).hasMessageContaining("must match");
        assertThatThrownBy(() -> Scenario.parse("services: [{slug: a}, {slug: a}]"))
                .hasMessageContaining("two services have the id or slug 'a'");
        assertThatThrownBy(() -> Scenario.parse("environments: [{slug: a, colour: red}]"))
                .hasMessageStartingWith("unknown key 'colour' in environments[0]");
    }
}
