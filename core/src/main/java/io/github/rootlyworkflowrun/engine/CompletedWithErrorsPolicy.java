package io.github.rootlyworkflowrun.engine;

import java.util.Locale;

/** What a run that finished {@code completed_with_errors} means for the build. */
public enum CompletedWithErrorsPolicy {
    SUCCESS,
    UNSTABLE,
    FAILURE;

    /** Parses {@code success}, {@code unstable} or {@code failure} in any case. */
    static CompletedWithErrorsPolicy parse(String field, String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new UsageException(field, "'" + text + "' is not one of success, unstable, failure");
        }
    }
}
