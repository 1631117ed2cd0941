package io.github.rootlyworkflowrun.cli.report;

import io.github.rootlyworkflowrun.engine.CompletedWithErrorsPolicy;
import io.github.rootlyworkflowrun.engine.RunResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --dotenv PATH}: the result as {@code ROOTLY_WORKFLOW_RUN_*} lines, for GitLab's
 * {@code artifacts:reports:dotenv} and any CI that reads dotenv files. Written on every path.
 */
public final class DotenvReporter implements Reporter {
    private final Path file;
    private final PrintStream err;

    public DotenvReporter(Path file, PrintStream err) {
        this.file = file;
        this.err = err;
    }

    /** The variable for a result field: {@code run_id} is {@code ROOTLY_WORKFLOW_RUN_ID}, others are prefixed. */
    public static String variable(String field) {
        return field.equals("run_id")
                ? "ROOTLY_WORKFLOW_RUN_ID"
                : "ROOTLY_WORKFLOW_RUN_" + field.toUpperCase(Locale.ROOT);
    }

    @Override
    public void finish(RunResult result, CompletedWithErrorsPolicy policy, int exitCode) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Object> f : result.fields().entrySet()) {
            // GitLab's dotenv takes one line a variable: newlines in a value would end it early.
            String value = f.getValue() == null ? "" : f.getValue().toString().replaceAll("[\\r\\n]+", " ");
            b.append(variable(f.getKey())).append('=').append(value).append('\n');
        }
        try {
            Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("rootly-workflow-run: could not write --dotenv " + file + ": " + e.getMessage());
        }
    }
}
