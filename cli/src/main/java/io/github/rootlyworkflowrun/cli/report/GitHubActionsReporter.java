package io.github.rootlyworkflowrun.cli.report;

import io.github.rootlyworkflowrun.engine.CompletedWithErrorsPolicy;
import io.github.rootlyworkflowrun.engine.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
    public void finish(Report report, int exitCode) {
        if (grouped) {
            log.command("endgroup", "", "");
            grouped = false;
        }
        if (exitCode != 0) {
            boolean unstable = report.outcome() == Outcome.COMPLETED_WITH_ERRORS
                    && exitCode == Outcome.COMPLETED_WITH_ERRORS.exitCode(CompletedWithErrorsPolicy.UNSTABLE);
            String title = report.subject() + " " + report.outcome();
            String message = unstable
                    ? report.message() + " The step fails with exit 6 (completed-with-errors: unstable);"
                            + " set completed-with-errors: success to let it pass, or failure to make it an error."
                    : report.message();
            log.command(unstable ? "warning" : "error", "title=" + WorkflowCommandGuard.escapeProperty(title), message);
        }
        append("GITHUB_OUTPUT", heredocs(report.outputs()));
        append("GITHUB_STEP_SUMMARY", report.summary(exitCode));
    }

    /** Outputs as toolkit-style heredocs with one random delimiter per value. */
    static String heredocs(Map<String, String> outputs) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> o : outputs.entrySet()) {
            String delimiter = "ghadelimiter_" + UUID.randomUUID();
            b.append(o.getKey())
                    .append("<<")
                    .append(delimiter)
                    .append('\n')
                    .append(o.getValue())
                    .append('\n')
                    .append(delimiter)
                    .append('\n');
        }
        return b.toString();
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
