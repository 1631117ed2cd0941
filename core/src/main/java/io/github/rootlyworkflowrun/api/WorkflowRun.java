package io.github.rootlyworkflowrun.api;

import java.time.Instant;
import java.util.Map;

/**
 * A workflow run as Rootly reports it. Timestamps are kept exactly as sent; {@link #createdAtInstant()}
 * parses the one the wait needs.
 */
public record WorkflowRun(
        String id,
        String kind,
        String status,
        String statusMessage,
        String triggeredBy,
        String workflowId,
        String workflowName,
        String incidentId,
        String postMortemId,
        String actionItemId,
        String alertId,
        String pulseId,
        String queuedAt,
        String startedAt,
        String completedAt,
        String failedAt,
        String canceledAt,
        String createdAt,
        String updatedAt,
        Map<String, Object> context) {

    public WorkflowRun {
        context = context == null ? Map.of() : java.util.Collections.unmodifiableMap(context);
    }

    public RunStatus runStatus() {
        return RunStatus.fromWire(status);
    }

    /** The server's creation time, or null when Rootly left it out or sent something unreadable. */
    public Instant createdAtInstant() {
        return Timestamps.parse(createdAt);
    }

    /** The {@code context.ci.request_id} this run was created with, if any. */
    public String ciRequestId() {
        return context.get("ci") instanceof Map<?, ?> ci && ci.get("request_id") instanceof String s ? s : null;
    }
}
