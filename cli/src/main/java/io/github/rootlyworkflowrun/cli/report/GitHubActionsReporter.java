package io.github.rootlyworkflowrun.cli.report;

import io.github.rootlyworkflowrun.engine.CompletedWithErrorsPolicy;
import io.github.rootlyworkflowrun.engine.Durations;
import io.github.rootlyworkflowrun.engine.Outcome;
import io.github.rootlyworkflowrun.engine.RunResult;
import java.io.IOException;
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
    private final WorkflowCommandGuard log;
    private boolean grouped;

    public GitHubActionsReporter(Map<String, String> env, List<String> secrets, WorkflowCommandGuard log) {
        this.env = env;
        this.secrets = secrets;
        this.log = log;
    }

    @Override
    public void begin(String description) {
        for (String secret : secrets) {
            if (secret == null || secret.isBlank()) {
                continue;
            }
            String value = secret.strip();
            log.command("add-mask", "", value);
            // The runner masks line by line, so a value spread over lines is masked one line at a time too.
            List<String> lines =
                    value.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            if (lines.size() > 1) {
                lines.forEach(l -> log.command("add-mask", "", l));
            }
        }
        log.command("group", "", description);
        grouped = true;
    }

    @Override
    public void finish(RunResult result, CompletedWithErrorsPolicy policy, int exitCode) {
        if (grouped) {
            log.command("endgroup", "", "");
            grouped = false;
        }
        if (exitCode != 0) {
            boolean unstable = result.outcome() == Outcome.COMPLETED_WITH_ERRORS
                    && exitCode == Outcome.COMPLETED_WITH_ERRORS.exitCode(CompletedWithErrorsPolicy.UNSTABLE);
            String title = "Rootly workflow run " + result.outcome();
            String message = unstable
                    ? result.message() + " The step fails with exit 6 (completed-with-errors: unstable);"
                            + " set completed-with-errors: success to let it pass, or failure to make it an error."
                    : result.message();
            log.command(unstable ? "warning" : "error", "title=" + WorkflowCommandGuard.escapeProperty(title), message);
        }
        append("GITHUB_OUTPUT", outputs(result));
        append("GITHUB_STEP_SUMMARY", summary(result, exitCode));
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
            log.command("warning", "", "$" + variable + " is not set; results were not written there");
            return;
        }
        try {
            Files.writeString(
                    Path.of(path), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.command("warning", "", "could not write $" + variable + " " + path + ": " + DotenvReporter.problem(e));
        }
    }
}
