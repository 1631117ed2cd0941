package io.github.rootlyworkflowrun.cli.report;

import io.github.rootlyworkflowrun.engine.CompletedWithErrorsPolicy;
import io.github.rootlyworkflowrun.engine.ProgressEvent;
import io.github.rootlyworkflowrun.engine.RunResult;
import java.io.PrintStream;

/** Human text on stderr: one line per event (each status change once, with elapsed time) and the outcome. */
public final class ConsoleReporter implements Reporter {
    private final PrintStream err;
    private final boolean printBegin;

    /** {@code printBegin} false leaves the begin line to another reporter (GitHub's group title says it). */
    public ConsoleReporter(PrintStream err, boolean printBegin) {
        this.err = err;
        this.printBegin = printBegin;
    }

    @Override
    public void begin(String description) {
        if (printBegin) {
            err.println(description);
        }
    }

    @Override
    public void progress(ProgressEvent event) {
        err.println(event.describe());
    }

    @Override
    public void finish(RunResult result, CompletedWithErrorsPolicy policy, int exitCode) {
        err.println(result.outcome() + ": " + result.message() + " (exit " + exitCode + ")");
    }
}
