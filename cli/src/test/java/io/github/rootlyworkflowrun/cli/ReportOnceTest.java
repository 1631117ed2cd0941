package io.github.rootlyworkflowrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.cli.report.ConsoleReporter;
import io.github.rootlyworkflowrun.cli.report.Report;
import io.github.rootlyworkflowrun.cli.report.Reporter;
import io.github.rootlyworkflowrun.cli.report.RunReport;
import io.github.rootlyworkflowrun.engine.ProgressEvent;
import io.github.rootlyworkflowrun.engine.RunResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The race between a run's own ending and an interruption: one of them writes the outputs, once. */
class ReportOnceTest {
    private final List<String> calls = new ArrayList<>();
    private final Reporter recorder = new Reporter() {
        @Override
        public void progress(ProgressEvent event) {
            calls.add("progress");
        }

        @Override
        public void finish(Report report, int exitCode) {
            calls.add("finish " + report.message() + " " + exitCode);
        }
    };

    private static Report usage(String message) {
        return new RunReport(RunResult.usageError(message));
    }

    @Test
    void theFirstEndingWinsAndNothingIsReportedAfterIt() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ReportOnce reports = new ReportOnce(
                List.of(recorder, new ConsoleReporter(new PrintStream(console, true, StandardCharsets.UTF_8), false)));

        boolean interrupted = reports.finish(usage("interrupted"), 143, () -> calls.add("line"));
        reports.progress(new ProgressEvent.RunNotListed("r", 1));
        boolean normal = reports.finish(usage("done"), 0);

        assertThat(interrupted).isTrue();
        assertThat(normal).isFalse();
        assertThat(calls).containsExactly("line", "finish interrupted 143");
        assertThat(console.toString(StandardCharsets.UTF_8))
                .as("the interruption's own line replaces the console's outcome line")
                .isEmpty();
        assertThat(reports.awaitWritten(0)).isTrue();
    }

    @Test
    void aNormalEndingLeavesNothingForTheHook() {
        ReportOnce reports = new ReportOnce(List.of(recorder));
        reports.progress(new ProgressEvent.RunNotListed("r", 1));

        assertThat(reports.finish(usage("done"), 0)).isTrue();
        assertThat(reports.finish(usage("late"), 143, () -> calls.add("line"))).isFalse();
        assertThat(calls).containsExactly("progress", "finish done 0");
    }
}
