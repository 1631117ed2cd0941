package io.github.rootlyworkflowrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.rootlyworkflowrun.cli.report.PulseReport;
import io.github.rootlyworkflowrun.cli.report.Report;
import io.github.rootlyworkflowrun.cli.report.RunReport;
import io.github.rootlyworkflowrun.engine.PulseResult;
import io.github.rootlyworkflowrun.engine.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The composite actions' metadata against the runner they wrap: every input is an option of the command (or the
 * token) with the option's default, reaches the jar as its {@code INPUT_*} variable and never as text inside a
 * script, and every output is one the runner writes. actionlint (scripts/actionlint.sh) checks the steps'
 * expressions; it has no notion of what the jar reads or writes, which is what this checks.
 */
class ActionMetadataTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    /** One action: its file, the command it runs, what the runner writes for it, options it leaves out. */
    record Action(String file, Consumer<CommandSpec> declare, List<String> command, Report report, Set<String> left) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Action> actions() {
        return Stream.of(
                new Action(
                        "action.yml",
                        RunOptions::declare,
                        List.of(),
                        new RunReport(RunResult.usageError("x")),
                        // the context comes whole, as the context input
                        Set.of("context-file", "context-entry")),
                new Action(
                        "pulse/action.yml",
                        PulseOptions::declare,
                        List.of("pulse"),
                        new PulseReport(PulseResult.usageError("x")),
                        Set.of()));
    }

    private static JsonNode read(String file) throws Exception {
        Path path = ROOT.resolve(file);
        assertThat(path).as("the repository root holds " + file).exists();
        return YAML.readTree(Files.readString(path));
    }

    /** The step that runs the jar: the one that calls action/run.sh. */
    private static JsonNode runnerStep(JsonNode action) {
        for (JsonNode step : action.path("runs").path("steps")) {
            if (step.path("run").asText().contains("/action/run.sh")) {
                return step;
            }
        }
        throw new AssertionError("no step runs action/run.sh");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("actions")
    void everyInputIsAnOptionWithItsDefault(Action a) throws Exception {
        String file = a.file();
        JsonNode action = read(file);
        CommandSpec spec = CommandSpec.create();
        a.declare().accept(spec);
        Map<String, OptionSpec> byInput = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            byInput.put(EnvironmentDefaults.input(option.longestName()), option);
        }

        List<String> inputs = new ArrayList<>();
        action.path("inputs").fieldNames().forEachRemaining(inputs::add);
        assertThat(inputs).contains("api-token");
        for (String input : inputs) {
            if (input.equals("api-token")) {
                assertThat(action.path("inputs").path(input).path("required").asBoolean())
                        .isTrue();
                continue;
            }
            assertThat(byInput)
                    .as("input %s of %s is an option of the command", input, file)
                    .containsKey(input);
            OptionSpec option = byInput.get(input);
            JsonNode declared = action.path("inputs").path(input).path("default");
            String expected = option.defaultValue();
            if (expected == null) {
                assertThat(declared.isMissingNode())
                        .as("%s has no default, like %s", input, option.longestName())
                        .isTrue();
            } else {
                assertThat(declared.asText()).as("default of input %s", input).isEqualTo(expected);
            }
        }
        assertThat(inputs)
                .as("the action's inputs are the command's options, but those that make no sense in a step")
                .containsAll(byInput.keySet().stream()
                        .filter(i -> !Set.of("token-file", "request-timeout", "output", "dotenv")
                                .contains(i))
                        .filter(i -> !a.left().contains(i))
                        .toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("actions")
    void inputsReachTheJarAsVariablesNeverAsScriptText(Action a) throws Exception {
        String file = a.file();
        JsonNode action = read(file);
        assertThat(action.path("runs").path("using").asText()).isEqualTo("composite");
        for (JsonNode step : action.path("runs").path("steps")) {
            if (step.has("run")) {
                assertThat(step.path("shell").asText())
                        .as("every composite run step names its shell")
                        .isEqualTo("bash");
                assertThat(step.path("run").asText())
                        .as("a script never holds an input's text, which could run as shell")
                        .doesNotContain("inputs.")
                        .doesNotContain("github.event");
            }
        }
        JsonNode runner = runnerStep(action);
        Map<String, String> expected = new LinkedHashMap<>();
        action.path("inputs")
                .fieldNames()
                .forEachRemaining(input ->
                        expected.put("INPUT_" + input.toUpperCase(Locale.ROOT), "${{ inputs." + input + " }}"));
        Map<String, String> env = new LinkedHashMap<>();
        runner.path("env")
                .fields()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        assertThat(env).as("each input, as the variable the jar reads").isEqualTo(expected);

        // The scripts are the shared ones at the repository root, and the jar is told which command to run.
        Path dir = ROOT.resolve(file).getParent();
        for (JsonNode step : action.path("runs").path("steps")) {
            String run = step.path("run").asText();
            if (run.contains("$GITHUB_ACTION_PATH/")) {
                String script = run.substring(run.indexOf("$GITHUB_ACTION_PATH/") + "$GITHUB_ACTION_PATH/".length());
                script = script.substring(0, script.indexOf('"'));
                assertThat(dir.resolve(script).normalize())
                        .as("the script a step runs")
                        .exists()
                        .startsWith(ROOT.resolve("action"));
            }
        }
        String args = runner.path("run").asText();
        args = args.substring(args.indexOf("}}\"") + 3).strip();
        assertThat(args.isEmpty() ? List.of() : List.of(args.split(" ")))
                .as("the command after the java path")
                .isEqualTo(a.command());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("actions")
    void everyOutputIsOneTheRunnerWrites(Action a) throws Exception {
        String file = a.file();
        JsonNode action = read(file);
        String id = runnerStep(action).path("id").asText();
        List<String> outputs = new ArrayList<>();
        action.path("outputs").fields().forEachRemaining(o -> {
            outputs.add(o.getKey());
            assertThat(o.getValue().path("value").asText())
                    .isEqualTo("${{ steps." + id + ".outputs." + o.getKey() + " }}");
            assertThat(o.getValue().path("description").asText()).isNotBlank();
        });
        assertThat(a.report().outputs().keySet())
                .as("what the runner writes to $GITHUB_OUTPUT")
                .containsAll(outputs);
        assertThat(outputs).contains("outcome");
        if (file.startsWith("pulse/")) {
            assertThat(outputs).contains("pulse-id", "outcome", "run-ids", "runs");
        }
    }
}
