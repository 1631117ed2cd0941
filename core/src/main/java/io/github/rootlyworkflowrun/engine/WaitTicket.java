package io.github.rootlyworkflowrun.engine;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * Everything needed to go on waiting for a created run, in serialisable form, so a Jenkins controller can
 * persist it and resume the same wait after a restart. It holds no token: the caller supplies it again.
 * {@code reportedStatus} is the status already told to the user (by the create), so it is not told twice; it is
 * null in tickets persisted before it existed.
 */
public record WaitTicket(
        String apiUrl,
        String workflowId,
        String workflowName,
        String runId,
        Instant serverCreatedAt,
        Instant startedAt,
        Instant deadline,
        Duration pollInterval,
        String tokenSource,
        int requestsSoFar,
        String reportedStatus)
        implements Serializable {
    private static final long serialVersionUID = 1L;
}
