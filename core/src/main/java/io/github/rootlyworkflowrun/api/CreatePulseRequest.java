package io.github.rootlyworkflowrun.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The attributes of one create-pulse call, with services and environments already resolved to ids. Null or empty
 * values are left out of the request; {@code data} is a JSON object of plain values.
 */
public record CreatePulseRequest(
        String summary,
        String source,
        List<String> serviceIds,
        List<String> environmentIds,
        List<KeyValue> labels,
        List<KeyValue> refs,
        String externalUrl,
        Instant startedAt,
        Instant endedAt,
        Map<String, Object> data) {

    public CreatePulseRequest {
        serviceIds = serviceIds == null ? List.of() : List.copyOf(serviceIds);
        environmentIds = environmentIds == null ? List.of() : List.copyOf(environmentIds);
        labels = labels == null ? List.of() : List.copyOf(labels);
        refs = refs == null ? List.of() : List.copyOf(refs);
        data = data == null ? null : java.util.Collections.unmodifiableMap(data);
    }
}
