package io.github.rootlyworkflowrun.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.api.PlainJson;
import io.github.rootlyworkflowrun.api.WorkflowRun;
import io.github.rootlyworkflowrun.engine.CompletedWithErrorsPolicy;
import io.github.rootlyworkflowrun.engine.Outcome;
import io.github.rootlyworkflowrun.engine.PulseResult;
import io.github.rootlyworkflowrun.engine.RunResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A pulse's result in each shape the reporters write: JSON fields, dotenv, GitHub outputs, the summary. */
class PulseReportTest {
    private static RunResult run(String id, String workflow, String status, String message, Outcome outcome) {
        WorkflowRun run = new WorkflowRun(
                id,
                "pulse",
                status,
                message,
                "system",
                "wf-" + workflow,
                workflow,
                null,
                null,
                null,
                null,
                "pulse-1",
                "2026-03-01T12:00:00Z",
                "2026-03-01T12:00:01Z",
                status.equals("completed") ? "2026-03-01T12:00:05Z" : null,
                status.equals("failed") ? "2026-03-01T12:00:06Z" : null,
                null,
                "2026-03-01T12:00:00Z",
                "2026-03-01T12:00:06Z",
                Map.of());
        return new RunResult(outcome, message, run, run.workflowId(), workflow, Duration.ofSeconds(6), 3, null);
    }

    private static final PulseResult TWO_RUNS = new PulseResult(
            Outcome.FAILED,
            "1 of 2 runs failed: run-b of Page | on-call",
            "pulse-1",
            "Deploy api 1.4.2",
            "github-actions",
            List.of(
                    run("run-a", "Notify", "completed", null, Outcome.SUCCEEDED),
                    run("run-b", "Page | on-call", "failed", "Task failed\nsecond line", Outcome.FAILED)),
            Duration.ofSeconds(42),
            17,
            CompletedWithErrorsPolicy.UNSTABLE,
            null);

    @Test
    void jsonHasThePulseFieldsAndEveryRunsOwn() {
        Map<String, Object> f = new PulseReport(TWO_RUNS).fields();

        assertThat(f.keySet())
                .containsExactly("outcome", "pulse_id", "summary", "source", "runs", "elapsed_seconds", "api_requests");
        assertThat(f).containsEntry("outcome", "FAILED").containsEntry("pulse_id", "pulse-1");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> runs = (List<Map<String, Object>>) f.get("runs");
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).keySet())
                .as("the run fields of section 5")
                .isEqualTo(
                        run("x", "y", "queued", null, Outcome.CREATED).fields().keySet());
        assertThat(runs.get(1)).containsEntry("run_id", "run-b").containsEntry("outcome", "FAILED");
    }

    @Test
    void dotenvHasTheThreePulseVariables() {
        assertThat(new PulseReport(TWO_RUNS).dotenv())
                .containsExactly(
                        Map.entry("ROOTLY_PULSE_ID", "pulse-1"),
                        Map.entry("ROOTLY_PULSE_OUTCOME", "FAILED"),
                        Map.entry("ROOTLY_PULSE_RUN_IDS", "run-a,run-b"));
        assertThat(new PulseReport(PulseResult.usageError("bad")).dotenv())
                .containsEntry("ROOTLY_PULSE_ID", "")
                .containsEntry("ROOTLY_PULSE_OUTCOME", "USAGE_ERROR")
                .containsEntry("ROOTLY_PULSE_RUN_IDS", "");
    }

    @Test
    void gitHubOutputsCarryRunIdsAndTheRunsAsJson() {
        Map<String, String> outputs = new PulseReport(TWO_RUNS).outputs();

        assertThat(outputs)
                .containsEntry("pulse-id", "pulse-1")
                .containsEntry("outcome", "FAILED")
                .containsEntry("run-ids", "run-a,run-b")
                .containsEntry("elapsed-seconds", "42")
                .containsEntry("api-requests", "17");
        Object runs = PlainJson.parse(outputs.get("runs"));
        assertThat(runs).asList().hasSize(2);
        assertThat(((Map<?, ?>) ((List<?>) runs).get(1)).get("status_message"))
                .as("as the JSON output has it")
                .isEqualTo("Task failed\nsecond line");
        assertThat(outputs.get("runs")).doesNotContain("\n");
    }

    @Test
    void theSummaryHasOneRowPerRunAndEscapesCells() {
        String summary = new PulseReport(TWO_RUNS).summary(1);

        assertThat(summary)
                .startsWith("### Rootly pulse: FAILED\n\n| | |\n|---|---|\n| Outcome | FAILED (exit 1) |\n")
                .contains("| Pulse | pulse-1 |")
                .contains("| Summary | Deploy api 1.4.2 |")
                .contains("| Workflow | Run | Outcome | Status | Status message | Created | Finished |")
                .contains("| Notify (wf-Notify) | run-a | SUCCEEDED | completed |  | 2026-03-01T12:00:00Z |"
                        + " 2026-03-01T12:00:05Z |")
                .contains(
                        "| Page \\| on-call (wf-Page \\| on-call) | run-b | FAILED | failed | Task failed<br>second line |")
                .endsWith("\n1 of 2 runs failed: run-b of Page | on-call\n\n");
        assertThat(summary.lines().filter(l -> l.startsWith("| ") && l.contains(" run-")))
                .hasSize(2);
    }

    @Test
    void noRunsMeansNoRunTable() {
        PulseResult none = new PulseResult(
                Outcome.SUCCEEDED,
                "no workflow ran for pulse pulse-1",
                "pulse-1",
                "Deploy",
                "rootly-workflow-run",
                List.of(),
                Duration.ofSeconds(30),
                5,
                null,
                null);

        assertThat(new PulseReport(none).summary(0))
                .doesNotContain("| Workflow |")
                .contains("no workflow ran");
        assertThat(new PulseReport(none).outputs()).containsEntry("runs", "[]").containsEntry("run-ids", "");
    }
}
