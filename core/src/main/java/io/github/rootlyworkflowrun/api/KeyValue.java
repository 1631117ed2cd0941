package io.github.rootlyworkflowrun.api;

import java.util.Objects;

/** One label or ref of a pulse: Rootly's {@code {key, value}} pair. */
public record KeyValue(String key, String value) {
    public KeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** The {@code key=value} form users write and logs show. */
    @Override
    public String toString() {
        return key + "=" + value;
    }
}
