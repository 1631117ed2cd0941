package io.github.rootlyworkflowrun.api;

/**
 * The one failure type of the API client: Rootly's own words (title, detail), the HTTP status, and the
 * request line. It never carries the token: request lines hold only method and URL.
 */
public final class RootlyApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the exchange failed, which decides whether it may be retried and whether a create is ambiguous. */
    public enum Kind {
        /** Rootly (or something in front of it) answered with an error status. */
        HTTP,
        /** The request provably never reached the server: DNS failure, connection refused, connect timeout. */
        NOT_SENT,
        /** The request was sent but no answer came back: read timeout or connection reset. */
        NO_RESPONSE,
        /** A success status with a body that is not the JSON:API document expected. */
        BAD_RESPONSE,
        /**
         * The TLS handshake failed (untrusted certificate, a server that does not speak TLS): nothing was sent, and
         * a repeat would fail the same way.
         */
        TLS
    }

    private final Kind kind;
    private final int status;
    private final String title;
    private final String detail;
    private final String requestLine;
    private final transient RateLimit rateLimit;

    RootlyApiException(
            Kind kind,
            int status,
            String title,
            String detail,
            String requestLine,
            RateLimit rateLimit,
            Throwable cause) {
        super(describe(kind, status, title, detail, requestLine), cause);
        this.kind = kind;
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.requestLine = requestLine;
        this.rateLimit = rateLimit == null ? RateLimit.NONE : rateLimit;
    }

    private static String describe(Kind kind, int status, String title, String detail, String requestLine) {
        StringBuilder b = new StringBuilder(requestLine).append(": ");
        if (kind == Kind.HTTP) {
            b.append("HTTP ").append(status);
            if (title != null && !title.isBlank()) {
                b.append(' ').append(title);
            }
        } else {
            b.append(title);
        }
        if (detail != null && !detail.isBlank() && !detail.equals(title)) {
            b.append(" (").append(detail).append(')');
        }
        return b.toString();
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }

    /** Rootly's {@code errors[].title} (or the 429 {@code error}), or a description of the transport failure. */
    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    /** Method and URL of the failed request, e.g. {@code POST https://api.rootly.com/v1/workflows/x/workflow_runs}. */
    public String requestLine() {
        return requestLine;
    }

    public RateLimit rateLimit() {
        return rateLimit;
    }
}
