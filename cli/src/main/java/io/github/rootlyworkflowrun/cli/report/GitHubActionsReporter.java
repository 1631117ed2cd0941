package io.github.rootlyworkflowrun.cli.report;

import io.github.rootlyworkflowrun.engine.CompletedWithErrorsPolicy;
import io.github.rootlyworkflowrun.engine.Durations;
import io.github.rootlyworkflowrun.engine.Outcome;
import io.github.rootlyworkflowrun.engine.RunResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * GitHub Actions: masks the token before anything prints, groups the progress lines, writes every result field to
 * {@code $GITHUB_OUTPUT} (heredoc with a random delimiter) on every path, appends a Markdown table to
 * {@code $GITHUB_STEP_SUMMARY}, and raises failures as escaped {@code ::error} annotations. Workflow commands go to
 * stderr, which the runner reads as it reads stdout, so {@code --output json} keeps stdout to itself.
 */
public final class GitHubActionsReporter implements Reporter {
    private final Map<String, String> env;
    private final List<String> secrets;
    private final PrintStream err;
    private boolean grouped;

    public GitHubActionsReporter(Map<String, String> env, List<String> secrets, PrintStream err) {
        this.env = env;
        this.secrets = secrets;
        this.err = err;
    }

    @Override
    public void begin(String description) {
        secrets.stream()
                .filter(s -> s != null && !s.isBlank())
                .forEach(s -> err.println("::add-mask::" + escapeData(s.strip())));
        err.println("::group::" + escapeData(description));
        grouped = true;
    }

    @Override
    public void finish(RunResult result, CompletedWithErrorsPolicy policy, int exitCode) {
        if (grouped) {
            err.println("::endgroup::");
        }
        if (exitCode != 0) {
            boolean unstable = result.outcome() == Outcome.COMPLETED_WITH_ERRORS && exitCode == 6;
            String title = "Rootly workflow run " + result.outcome();
            err.println((unstable ? "::warning" : "::error") + " title=" + escapeProperty(title) + "::"
                    + escapeData(result.message()));
        }
        append("GITHUB_OUTPUT", outputs(result));
        append("GITHUB_STEP_SUMMARY", summary(result, exitCode));
        err.flush();
    }

    /** Every result field, kebab-cased, as toolkit-style heredocs with one random delimiter per value. */
    static String outputs(RunResult result) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Object> f : result.fields().entrySet()) {
            String value = f.getValue() == null ? "" : f.getValue().toString();
            String delimiter = "ghadelimiter_" + UUID.randomUUID();
            b.append(f.getKey().replace('_', '-'))
                    .append("<<")
                    .append(delimiter)
                    .append('\n')
                    .append(value)
                    .append('\n')
                    .append(delimiter)
                    .append('\n');
        }
        return b.toString();
    }

    static String summary(RunResult result, int exitCode) {
        Map<String, Object> f = result.fields();
        StringBuilder b = new StringBuilder("### Rootly workflow run: ")
                .append(result.outcome())
                .append("\n\n");
        b.append("| | |\n|---|---|\n");
        row(b, "Outcome", result.outcome() + " (exit " + exitCode + ")");
        row(b, "Workflow", join(f.get("workflow_name"), f.get("workflow_id")));
        row(b, "Run", f.get("run_id"));
        row(b, "Status", f.get("status"));
        row(b, "Status message", f.get("status_message"));
        for (String target : List.of("incident_id", "post_mortem_id", "action_item_id", "alert_id", "pulse_id")) {
            if (f.get(target) != null) {
                row(b, target.replace("_id", "").replace('_', ' '), f.get(target));
            }
        }
        row(b, "Created", f.get("created_at"));
        row(b, "Finished", firstNonNull(f.get("completed_at"), f.get("failed_at"), f.get("canceled_at")));
        row(b, "Elapsed", Durations.format(Duration.ofSeconds(((Number) f.get("elapsed_seconds")).longValue())));
        row(b, "API requests", f.get("api_requests"));
        b.append('\n').append(result.message()).append("\n\n");
        return b.toString();
    }

    private static void row(StringBuilder b, String name, Object value) {
        String v = value == null ? "" : value.toString().replace("|", "\\|").replaceAll("\\r?\\n", "<br>");
        b.append("| ").append(name).append(" | ").append(v).append(" |\n");
    }

    private static String join(Object name, Object id) {
        if (name == null) {
            return id == null ? null : id.toString();
        }
        return id == null ? name.toString() : name + " (" + id + ")";
    }

    private static Object firstNonNull(Object... values) {
        for (Object v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private void append(String variable, String text) {
        String path = env.get(variable);
        if (path == null || path.isBlank()) {
            err.println("::warning::" + escapeData("$" + variable + " is not set; results were not written there"));
            return;
        }
        try {
            Files.writeString(
                    Path.of(path), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            err.println("::warning::" + escapeData("could not write $" + variable + ": " + e.getMessage()));
        }
    }

    /** Escaping of a command's message, as the Actions toolkit does it. */
    static String escapeData(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** Escaping of a command's property values (title=...), as the Actions toolkit does it. */
    static String escapeProperty(String s) {
        return escapeData(s).replace(":", "%3A").replace(",", "%2C");
    }
}
