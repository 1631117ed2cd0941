package io.github.rootlyworkflowrun.api;

import java.util.Locale;

/** The lifecycle states of a Rootly workflow run, plus UNKNOWN for values Rootly may add later. */
public enum RunStatus {
    QUEUED,
    STARTED,
    COMPLETED,
    COMPLETED_WITH_ERRORS,
    FAILED,
    CANCELED,
    UNKNOWN;

    /** Maps Rootly's wire value; anything unrecognised is UNKNOWN, which callers treat as still running. */
    public static RunStatus fromWire(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == COMPLETED_WITH_ERRORS || this == FAILED || this == CANCELED;
    }
}
