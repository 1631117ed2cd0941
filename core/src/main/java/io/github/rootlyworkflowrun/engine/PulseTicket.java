package io.github.rootlyworkflowrun.engine;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * Everything needed to find and wait for the runs a created pulse triggered, in serialisable form, so a Jenkins
 * controller can persist it and resume after a restart. It holds no token: the caller supplies it again.
 * {@code pulseCreatedAt} is Rootly's creation time of the pulse (null if Rootly sent none: discovery then counts
 * from {@code startedAt}); {@code deadline} is the hard end of the whole wait.
 */
public record PulseTicket(
        String apiUrl,
        String tokenSource,
        String pulseId,
        String summary,
        String source,
        String requestId,
        Instant pulseCreatedAt,
        Instant startedAt,
        Instant deadline,
        Duration settle,
        Duration pollInterval,
        CompletedWithErrorsPolicy completedWithErrors,
        int requestsSoFar)
        implements Serializable {
    private static final long serialVersionUID = 1L;
}
