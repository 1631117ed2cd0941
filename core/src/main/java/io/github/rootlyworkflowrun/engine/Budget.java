package io.github.rootlyworkflowrun.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * How long one call, its retries and its pauses may take in all: nothing is slept or sent past {@code stopBy}
 * (null: no bound). {@code unpaced} lets a wait's one last check go out even when the rate-limit budget says to
 * slow down: one request at the deadline is worth more than a pause that outlasts it.
 */
record Budget(Instant stopBy, boolean unpaced) {
    static final Budget UNBOUNDED = new Budget(null, false);

    static Budget until(Instant stopBy) {
        return new Budget(stopBy, false);
    }

    /** Whether a pause of {@code delay} from {@code now} still ends within the budget. */
    boolean fits(Instant now, Duration delay) {
        // Compared as durations: a Retry-After of 10^15 s would overflow an Instant.
        return stopBy == null || delay.compareTo(Duration.between(now, stopBy)) <= 0;
    }

    /** Time left from {@code now}, or null when unbounded. */
    Duration left(Instant now) {
        return stopBy == null ? null : Duration.between(now, stopBy);
    }
}
