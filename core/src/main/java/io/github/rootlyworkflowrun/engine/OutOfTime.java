package io.github.rootlyworkflowrun.engine;

import java.time.Duration;

/**
 * A call gave up because its next pause (a retry backoff, a 429's {@code Retry-After}, rate-limit pacing) or the
 * request itself would not end within its {@link Budget}. {@code requestLine} is null when no request was made.
 */
final class OutOfTime extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String requestLine;
    private final String reason;
    private final boolean rateLimited;
    private final transient Duration asked;

    OutOfTime(String requestLine, String reason, boolean rateLimited, Duration asked) {
        super(reason, null, false, false);
        this.requestLine = requestLine;
        this.reason = reason;
        this.rateLimited = rateLimited;
        this.asked = asked;
    }

    /** Whether Rootly's rate limit asked for the pause (a 429, or pacing), rather than a retry's backoff. */
    boolean rateLimited() {
        return rateLimited;
    }

    String requestLine() {
        return requestLine;
    }

    /** What stood in the way, in Rootly's words where it gave any. */
    String reason() {
        return reason;
    }

    /** The pause that did not fit. */
    Duration asked() {
        return asked;
    }
}
