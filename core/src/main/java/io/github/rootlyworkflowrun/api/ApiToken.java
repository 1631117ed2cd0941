package io.github.rootlyworkflowrun.api;

import java.util.Objects;

/** A Rootly API token that never shows itself: every textual form of it is redacted. */
public final class ApiToken {
    private final String value;

    private ApiToken(String value) {
        this.value = value;
    }

    /** Wraps a token; blank input is refused so a missing secret fails before any request. */
    public static ApiToken of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("API token is empty");
        }
        return new ApiToken(value.strip());
    }

    /** The raw value, for the Authorization header and for masking it in CI logs only. */
    String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiToken other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return "ApiToken[redacted]";
    }
}
