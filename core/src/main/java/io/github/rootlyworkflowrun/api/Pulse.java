package io.github.rootlyworkflowrun.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A pulse as Rootly reports it. Services and environments are given by id; timestamps are kept exactly as sent, and
 * {@link #createdAtInstant()} parses the one discovery needs.
 */
public record Pulse(
        String id,
        String summary,
        String source,
        List<String> serviceIds,
        List<String> environmentIds,
        List<KeyValue> labels,
        List<KeyValue> refs,
        String externalUrl,
        String startedAt,
        String endedAt,
        String createdAt,
        Map<String, Object> data) {

    public Pulse {
        serviceIds = serviceIds == null ? List.of() : List.copyOf(serviceIds);
        environmentIds = environmentIds == null ? List.of() : List.copyOf(environmentIds);
        labels = labels == null ? List.of() : List.copyOf(labels);
        refs = refs == null ? List.of() : List.copyOf(refs);
        data = data == null ? null : java.util.Collections.unmodifiableMap(data);
    }

    /** The server's creation time, or null when Rootly left it out or sent something unreadable. */
    public Instant createdAtInstant() {
        return Timestamps.parse(createdAt);
    }

    /** The value of the first ref named {@code key}, or null. */
    public String ref(String key) {
        for (KeyValue ref : refs) {
            if (ref.key().equals(key)) {
                return ref.value();
            }
        }
        return null;
    }
}
