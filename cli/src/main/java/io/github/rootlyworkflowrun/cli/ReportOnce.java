package io.github.rootlyworkflowrun.cli;

import io.github.rootlyworkflowrun.cli.report.ConsoleReporter;
import io.github.rootlyworkflowrun.cli.report.Report;
import io.github.rootlyworkflowrun.cli.report.Reporter;
import io.github.rootlyworkflowrun.engine.ProgressEvent;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The reporters of one invocation, finished exactly once: by the run's own ending or by an interruption (a shutdown
 * hook), whichever comes first. The loser writes nothing; nothing is printed after the outputs are written.
 */
final class ReportOnce {
    private final List<Reporter> reporters;
    private final CountDownLatch written = new CountDownLatch(1);
    private boolean begun;
    private boolean finished;

    ReportOnce(List<Reporter> reporters) {
        this.reporters = List.copyOf(reporters);
    }

    synchronized void begin(String description) {
        if (!finished && !begun) {
            begun = true;
            reporters.forEach(r -> r.begin(description));
        }
    }

    synchronized void progress(ProgressEvent event) {
        if (!finished) {
            reporters.forEach(r -> r.progress(event));
        }
    }

    /** Writes every output, unless another ending already did; returns whether it did. */
    boolean finish(Report report, int exitCode) {
        return finish(report, exitCode, null);
    }

    /**
     * Writes every output but the console's, unless another ending already did, after {@code line}, which then is
     * the one human line of this ending; returns whether it did.
     */
    boolean finish(Report report, int exitCode, Runnable line) {
        synchronized (this) {
            if (finished) {
                return false;
            }
            finished = true;
        }
        try {
            if (line != null) {
                line.run();
            }
            reporters.stream()
                    .filter(r -> line == null || !(r instanceof ConsoleReporter))
                    .forEach(r -> r.finish(report, exitCode));
        } finally {
            written.countDown();
        }
        return true;
    }

    /** Waits, at most {@code millis}, until the outputs are written by whichever ending won. */
    boolean awaitWritten(long millis) throws InterruptedException {
        return written.await(millis, TimeUnit.MILLISECONDS);
    }

    synchronized boolean isFinished() {
        return finished;
    }
}
