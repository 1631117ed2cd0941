package io.github.rootlyworkflowrun.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a composite action's steps the way the GitHub runner does, as far as this project's actions use the runner:
 * inputs with their defaults, {@code ${{ inputs.x }}} and {@code ${{ steps.id.outputs.x }}} expressions, an
 * {@code if:} comparing a step output with {@code ''}, {@code bash} run steps with their own {@code env:} and a fresh
 * {@code $GITHUB_OUTPUT} each, and the action's {@code outputs:}. Anything else fails loudly, so a test never passes
 * on a feature it did not run. A {@code uses:} step must be skipped by its {@code if:} (setup-java, when a Java is
 * found).
 */
final class CompositeAction {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*(.*?)\\s*}}");
    private static final Pattern EMPTY_OUTPUT_TEST =
            Pattern.compile("steps\\.([A-Za-z0-9_-]+)\\.outputs\\.([A-Za-z0-9_-]+) == ''");

    /** What the action left: the last step's exit code, the log, the action's outputs and the step summary. */
    record Result(int exit, String log, Map<String, String> outputs, String summary) {}

    private CompositeAction() {}

    /**
     * Runs {@code action} with the {@code with:} values given, in an environment of {@code env} only (plus what
     * the runner sets), writing its files under {@code work}.
     */
    static Result run(Path action, Map<String, String> with, Map<String, String> env, Path work)
            throws IOException, InterruptedException {
        JsonNode meta = YAML.readTree(Files.readString(action));
        Map<String, String> inputs = new HashMap<>();
        meta.path("inputs")
                .fields()
                .forEachRemaining(i -> inputs.put(
                        i.getKey(),
                        with.getOrDefault(
                                i.getKey(), i.getValue().path("default").asText(""))));
        for (String given : with.keySet()) {
            if (!inputs.containsKey(given)) {
                throw new IllegalArgumentException("the action has no input " + given);
            }
        }
        Map<String, Map<String, String>> steps = new HashMap<>();
        Path summary = Files.createFile(work.resolve("step-summary"));
        StringBuilder log = new StringBuilder();
        int exit = 0;
        int n = 0;
        for (JsonNode step : meta.path("runs").path("steps")) {
            n++;
            if (step.has("if") && !condition(step.path("if").asText(), steps)) {
                continue;
            }
            if (step.has("uses")) {
                throw new IllegalStateException(
                        "cannot run uses: " + step.path("uses").asText() + " here");
            }
            if (!step.path("shell").asText().equals("bash")) {
                throw new IllegalStateException("step " + n + " does not run in bash");
            }
            Path output = Files.createFile(work.resolve("github-output-" + n));
            ProcessBuilder pb = new ProcessBuilder(
                    "bash",
                    "--noprofile",
                    "--norc",
                    "-eo",
                    "pipefail",
                    "-c",
                    expand(step.path("run").asText(), inputs, steps));
            pb.environment().clear();
            pb.environment().putAll(env);
            pb.environment().put("GITHUB_ACTIONS", "true");
            pb.environment().put("GITHUB_ACTION_PATH", action.getParent().toString());
            pb.environment().put("GITHUB_OUTPUT", output.toString());
            pb.environment().put("GITHUB_STEP_SUMMARY", summary.toString());
            step.path("env").fields().forEachRemaining(e -> pb.environment()
                    .put(e.getKey(), expand(e.getValue().asText(), inputs, steps)));
            pb.redirectErrorStream(true);
            Path stepLog = work.resolve("step-" + n + ".log");
            pb.redirectOutput(stepLog.toFile());
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("step " + n + " did not end");
            }
            log.append(Files.readString(stepLog, StandardCharsets.UTF_8));
            String id = step.path("id").asText("step-" + n);
            steps.put(id, CliTestSupport.parseGitHubOutput(Files.readString(output)));
            exit = p.exitValue();
            if (exit != 0) {
                break; // the runner stops a composite action at its first failing step
            }
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        meta.path("outputs")
                .fields()
                .forEachRemaining(o -> outputs.put(
                        o.getKey(), expand(o.getValue().path("value").asText(), inputs, steps)));
        return new Result(exit, log.toString(), outputs, Files.readString(summary));
    }

    private static boolean condition(String expression, Map<String, Map<String, String>> steps) {
        Matcher m = EMPTY_OUTPUT_TEST.matcher(expression.strip());
        if (!m.matches()) {
            throw new IllegalStateException("cannot evaluate if: " + expression);
        }
        return output(steps, m.group(1), m.group(2)).isEmpty();
    }

    private static String output(Map<String, Map<String, String>> steps, String id, String name) {
        return steps.getOrDefault(id, Map.of()).getOrDefault(name, "");
    }

    private static String expand(String text, Map<String, String> inputs, Map<String, Map<String, String>> steps) {
        Matcher m = EXPRESSION.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            List<String> parts = new ArrayList<>(List.of(m.group(1).split("\\.")));
            String value;
            if (parts.size() == 2 && parts.get(0).equals("inputs")) {
                value = inputs.get(parts.get(1));
            } else if (parts.size() == 4
                    && parts.get(0).equals("steps")
                    && parts.get(2).equals("outputs")) {
                value = output(steps, parts.get(1), parts.get(3));
            } else {
                throw new IllegalStateException("cannot evaluate ${{ " + m.group(1) + " }}");
            }
            if (value == null) {
                throw new IllegalStateException("no such input: " + m.group(1));
            }
            m.appendReplacement(b, Matcher.quoteReplacement(value));
        }
        return m.appendTail(b).toString();
    }
}
