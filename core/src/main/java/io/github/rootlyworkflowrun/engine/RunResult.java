package io.github.rootlyworkflowrun.engine;

import io.github.rootlyworkflowrun.api.WorkflowRun;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an invocation ended, with the run as last seen. {@link #fields()} is the one shape every front end
 * publishes: CLI JSON, GitHub outputs, the Jenkins return map. {@code ticket} is set once a run exists.
 */
public record RunResult(
        Outcome outcome,
        String message,
        WorkflowRun run,
        String workflowId,
        String workflowName,
        Duration elapsed,
        int apiRequests,
        WaitTicket ticket) {

    /** The result of input rejected before anything was sent; {@code message} names the field and the fix. */
    public static RunResult usageError(String message) {
        return new RunResult(Outcome.USAGE_ERROR, message, null, null, null, Duration.ZERO, 0, null);
    }

    /** The output fields of docs/contract.md, in order; absent values are null. */
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("outcome", outcome.name());
        f.put("run_id", run == null ? null : run.id());
        f.put("status", run == null ? null : run.status());
        f.put("status_message", run == null ? null : run.statusMessage());
        f.put("workflow_id", run != null && run.workflowId() != null ? run.workflowId() : workflowId);
        f.put("workflow_name", run != null && run.workflowName() != null ? run.workflowName() : workflowName);
        f.put("kind", run == null ? null : run.kind());
        f.put("incident_id", run == null ? null : run.incidentId());
        f.put("post_mortem_id", run == null ? null : run.postMortemId());
        f.put("action_item_id", run == null ? null : run.actionItemId());
        f.put("alert_id", run == null ? null : run.alertId());
        f.put("pulse_id", run == null ? null : run.pulseId());
        f.put("created_at", run == null ? null : run.createdAt());
        f.put("started_at", run == null ? null : run.startedAt());
        f.put("completed_at", run == null ? null : run.completedAt());
        f.put("failed_at", run == null ? null : run.failedAt());
        f.put("canceled_at", run == null ? null : run.canceledAt());
        f.put("elapsed_seconds", elapsed == null ? 0L : elapsed.toSeconds());
        f.put("api_requests", apiRequests);
        return Collections.unmodifiableMap(f);
    }
}
