package io.github.rootlyworkflowrun.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioAndMainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private RootlyEmulator main(String... args) {
        return Main.start(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void defaultScenarioHasOneWorkflowPerOutcome() {
        assertThat(Scenario.defaults().workflows())
                .extracting(w -> w.steps().get(w.steps().size() - 1).status())
                .contains("completed", "completed_with_errors", "failed", "canceled", "queued");
        assertThat(Scenario.defaults().workflows())
                .flatExtracting(Scenario.WorkflowSpec::steps)
                .extracting(Scenario.Step::status)
                .as("one workflow reports a status this tool does not know")
                .contains("awaiting_approval");
    }

    @Test
    void scenariosLoadFromJsonAndYamlAndRejectMistakes() throws Exception {
        Path json = Files.writeString(
                dir.resolve("s.json"),
                """
                {"workflows":[{"slug":"a","steps":[{"status":"queued","for":"2s"},{"status":"completed"}]}],
                 "rateLimit":{"limit":5},"faults":[{"route":"create","times":1,"drop":"after"}]}""");
        Scenario s = Scenario.load(json);
        assertThat(s.workflows().get(0).name()).isEqualTo("a");
        assertThat(s.rateLimit().limit()).isEqualTo(5);
        assertThat(s.faults().get(0).drop()).contains(Fault.Drop.AFTER);

        Path yaml = Files.writeString(dir.resolve("s.yaml"), "workflows:\n  - slug: Bad Slug\n");
        assertThatThrownBy(() -> Scenario.load(yaml)).hasMessageContaining("must match");
        assertThatThrownBy(() -> Scenario.parse("workflows: [{slug: a, steps: [{status: queued, for: forever}]}]"))
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Scenario.parse("wrokflows: []")).hasMessageContaining("wrokflows");
        assertThatThrownBy(() -> Scenario.parse("faults: [{route: create, drop: sometimes}]"))
                .hasMessageContaining("before");
        assertThatThrownBy(() -> Scenario.parse("faults: [{route: create, times: often}]"))
                .hasMessage("faults[0].times must be a whole number, not 'often'");
        assertThatThrownBy(() -> Scenario.parse("workflows: [{slug: a, steps: 3}]"))
                .hasMessage("workflows[0].steps must be a list");
        assertThatThrownBy(() -> Scenario.parse("workflows: [{slug: a, stesp: []}]"))
                .hasMessageStartingWith("unknown key 'stesp' in workflows[0]; known keys: conditionsMet, enabled");
        assertThatThrownBy(() -> Scenario.parse("workflows: [{slug: a\n"))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("at line 1, column ");
    }

    @Test
    void helpDocumentsTheScenarioFormatWithAnExample() {
        assertThat(main("--help")).isNull();
        String help = out.toString(StandardCharsets.UTF_8);
        assertThat(help)
                .contains("--scenario FILE")
                .contains("steps:")
                .contains("faults:")
                .contains("/_emulator/runs")
                .contains("POST /v1/pulses", "GET  /v1/services", "pulseConditions:", "startAfter:", "services:")
                .contains("filter[refs]")
                .contains("--webhook-url URL", "--webhook-secret-file PATH", "X-Rootly-Signature: t=")
                .contains("/_emulator/webhooks/faults", "stale_timestamp", "wrong_signature", "completed_with_errors");
    }

    @Test
    void firstStdoutLineIsTheBaseUrl() throws Exception {
        Path scenario = Files.writeString(
                dir.resolve("s.yaml"),
                "workflows: [{slug: only}, {slug: on-pulse, triggerType: pulse, enabled: false}]\n"
                        + "services: [{slug: api}]\nenvironments: [{slug: prod, id: env-1}]\n");
        try (RootlyEmulator e = main("--port", "0", "--token=abc", "--scenario", scenario.toString())) {
            String first =
                    out.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
            assertThat(first).isEqualTo(e.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+");
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .contains("only")
                    .contains("on-pulse  (")
                    .contains("pulse workflow, disabled")
                    .contains("Services: api (")
                    .contains("Environments: prod (env-1)");
        }
    }

    @Test
    void aMissingScenarioFileSaysSoInOneLine() {
        Path missing = dir.resolve("missing.yaml");
        assertThatThrownBy(() -> main("--scenario", missing.toString()))
                .isInstanceOf(Main.UsageError.class)
                .hasMessage("--scenario: no such file: " + missing);
    }

    @Test
    void anEmptyScenarioStartsWithAWarning() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "");
        try (RootlyEmulator e = main("--scenario", empty.toString())) {
            assertThat(e.scenario().workflows()).isEmpty();
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .contains("warning: " + empty + " has no workflows; every workflow request will be answered 404");
        }
        Path noWorkflows = Files.writeString(dir.resolve("seed.yaml"), "seed: 3\n");
        try (RootlyEmulator e = main("--scenario", noWorkflows.toString())) {
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("warning: " + noWorkflows + " has no workflows");
        }
    }

    @Test
    void badArgumentsAreOneLineUsageErrors() throws Exception {
        assertThatThrownBy(() -> main("--port", "x"))
                .isInstanceOf(Main.UsageError.class)
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> main("--nope")).hasMessageContaining("unknown option '--nope'");
        assertThatThrownBy(() -> main("--token")).hasMessageContaining("needs a value");
        Path typo = Files.writeString(dir.resolve("typo.yaml"), "wrokflows: []\n");
        assertThatThrownBy(() -> main("--scenario", typo.toString()))
                .hasMessageStartingWith("--scenario: cannot use " + typo + ": ")
                .hasMessageContaining("wrokflows")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> main("--scenario", dir.toString()))
                .hasMessage("--scenario: a directory, not a file: " + dir);
        assertThat(main("--version")).isNull();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("rootly-api-emulator ")
                .doesNotContain("${");
    }
}
