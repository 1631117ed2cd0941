package io.github.rootlyworkflowrun.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the verified events received in the last {@code window}, at most {@code capacity} of them, oldest
 * dropped first. A dropped id can be replayed once more, which costs one extra poll and never a wrong outcome.
 */
final class SeenEvents {
    private final int capacity;
    private final Duration window;
    /** In order of arrival, so the expired and the oldest are always at the head. */
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    SeenEvents(int capacity, Duration window) {
        this.capacity = capacity;
        this.window = window;
    }

    /** True the first time {@code id} is seen within the window; then remembers it. */
    synchronized boolean firstSighting(String id, Instant now) {
        expire(now);
        if (seen.containsKey(id)) {
            return false;
        }
        seen.put(id, now);
        if (seen.size() > capacity) {
            Iterator<String> oldest = seen.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    synchronized int size() {
        return seen.size();
    }

    private void expire(Instant now) {
        Instant horizon = now.minus(window);
        for (Iterator<Map.Entry<String, Instant>> i = seen.entrySet().iterator(); i.hasNext(); ) {
            if (!i.next().getValue().isBefore(horizon)) {
                // Arrival order is time order; a clock set back only keeps ids a little longer.
                return;
            }
            i.remove();
        }
    }
}
