package io.github.rootlyworkflowrun.cli.report;

import io.github.rootlyworkflowrun.engine.ProgressEvent;
import java.io.PrintStream;

/** Human text on stderr: one line per event (each status change once, with elapsed time) and the outcome. */
public final class ConsoleReporter implements Reporter {
    private final PrintStream err;
    private final boolean ciAnnotates;

    /**
     * With {@code ciAnnotates} (GitHub Actions), the CI's own lines say the begin and a failing outcome: the
     * {@code ::group::} title names the run and the {@code ::error} annotation, titled with the outcome, states a
     * failure, so the console prints neither again; the exit code is in the step summary and the outputs.
     */
    public ConsoleReporter(PrintStream err, boolean ciAnnotates) {
        this.err = err;
        this.ciAnnotates = ciAnnotates;
    }

    @Override
    public void begin(String description) {
        if (!ciAnnotates) {
            err.println(description);
        }
    }

    @Override
    public void progress(ProgressEvent event) {
        err.println(event.describe());
    }

    @Override
    public void finish(Report report, int exitCode) {
        if (ciAnnotates && exitCode != 0) {
            return;
        }
        err.println(report.outcome() + ": " + report.message() + " (exit " + exitCode + ")");
    }
}
