package io.github.rootlyworkflowrun.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One run created through the emulator; its status is worked out from its workflow's steps and the clock. {@code
 * attributes} are the create request's, as parsed (never changed afterwards); a run a pulse started has only its
 * {@code pulse_id}, is {@code triggeredBy} {@code system}, and may be created in the future (its start delay), when
 * it is not listed yet.
 */
record EmulatedRun(
        String id,
        Scenario.WorkflowSpec workflow,
        Instant createdAt,
        Map<String, Object> attributes,
        String requestId,
        String triggeredBy) {

    /** The step the run is in at {@code now}, and when that step began. */
    record Position(Scenario.Step step, Instant since, Instant startedAt, boolean terminal) {}

    Position at(Instant now) {
        List<Scenario.Step> steps = workflow.steps();
        Instant since = createdAt;
        Instant startedAt = null;
        for (int i = 0; i < steps.size(); i++) {
            Scenario.Step step = steps.get(i);
            if (startedAt == null && !step.status().equals("queued")) {
                startedAt = since;
            }
            Duration length = step.length();
            boolean last = i == steps.size() - 1;
            if (last || length == null || now.isBefore(since.plus(length))) {
                return new Position(step, since, startedAt, last);
            }
            since = since.plus(length);
        }
        throw new IllegalStateException("a workflow always has a step");
    }

    /** Whether it exists at {@code now}: a run a pulse started after a delay does not exist before it starts. */
    boolean startedBy(Instant now) {
        return !createdAt.isAfter(now);
    }

    boolean listedAt(Instant now) {
        return startedBy(now)
                && (workflow.vanishAfter() == null
                        || now.isBefore(createdAt.plus(Durations.parse(workflow.vanishAfter()))));
    }

    /** The pulse it was made for, from its attributes; null when none. */
    String pulseId() {
        return attributes.get("pulse_id") instanceof String s ? s : null;
    }
}
