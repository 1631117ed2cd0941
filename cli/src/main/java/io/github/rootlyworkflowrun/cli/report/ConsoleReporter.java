package io.github.rootlyworkflowrun.cli.report;

import io.github.rootlyworkflowrun.engine.CompletedWithErrorsPolicy;
import io.github.rootlyworkflowrun.engine.ProgressEvent;
import io.github.rootlyworkflowrun.engine.RunResult;
import java.io.PrintStream;

/** Human text on stderr: one line per event (each status change once, with elapsed time) and the outcome. */
public final class ConsoleReporter implements Reporter {
    private final PrintStream err;
    private final boolean failuresAnnotated;

    public ConsoleReporter(PrintStream err) {
        this(err, false);
    }

    /**
     * With {@code failuresAnnotated}, a failing outcome is left to the CI system's annotation (GitHub's
     * {@code ::error}, titled with the outcome and shown in the log as a line of its own), so it is printed once;
     * the exit code is in the step summary and the outputs.
     */
    public ConsoleReporter(PrintStream err, boolean failuresAnnotated) {
        this.err = err;
        this.failuresAnnotated = failuresAnnotated;
    }

    @Override
    public void begin(String description) {
        err.println(description);
    }

    @Override
    public void progress(ProgressEvent event) {
        err.println(event.describe());
    }

    @Override
    public void finish(RunResult result, CompletedWithErrorsPolicy policy, int exitCode) {
        if (failuresAnnotated && exitCode != 0) {
            return;
        }
        err.println(result.outcome() + ": " + result.message() + " (exit " + exitCode + ")");
    }
}
