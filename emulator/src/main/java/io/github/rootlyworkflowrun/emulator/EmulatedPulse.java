package io.github.rootlyworkflowrun.emulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One pulse created through the emulator, with its attributes as checked at creation. {@code runIds} are the runs it
 * started, in workflow order; a run with a start delay is among them from the start but listed only once it starts.
 */
record EmulatedPulse(
        String id,
        String summary,
        String source,
        List<String> serviceIds,
        List<String> environmentIds,
        Instant startedAt,
        Instant endedAt,
        String externalUrl,
        List<RootlyEmulator.KeyValue> labels,
        List<RootlyEmulator.KeyValue> refs,
        Map<String, Object> data,
        Instant createdAt,
        List<String> runIds) {

    EmulatedPulse {
        serviceIds = List.copyOf(serviceIds);
        environmentIds = List.copyOf(environmentIds);
        labels = List.copyOf(labels);
        refs = List.copyOf(refs);
        runIds = List.copyOf(runIds);
    }

    /** This pulse as created: with its id, its creation time and the runs it started. */
    EmulatedPulse created(String newId, Instant at, List<String> ids) {
        return new EmulatedPulse(
                newId,
                summary,
                source,
                serviceIds,
                environmentIds,
                startedAt,
                endedAt,
                externalUrl,
                labels,
                refs,
                data,
                at,
                ids);
    }
}
