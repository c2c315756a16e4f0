package dev.nudge.webhooks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Status callbacks for intents the ledger view has not read yet (the service just started, or the tail lags). Twilio
 * does not retry a callback answered with an error, so they are accepted and kept here until the ledger knows the
 * intent. Bounded: past {@code capacity} callbacks the oldest intent's are dropped, and counted.
 */
final class ParkedCallbacks {

    /** What a status callback carries. */
    record Callback(String intentId, String sid, String status, String errorCode) {
    }

    private final int capacity;
    private final Map<String, List<Callback>> byIntent = new LinkedHashMap<>();
    private int size;

    ParkedCallbacks(int capacity) {
        this.capacity = capacity;
    }

    /** Parks {@code callback}; how many older ones were dropped to make room. */
    synchronized int park(Callback callback) {
        byIntent.computeIfAbsent(callback.intentId(), id -> new ArrayList<>()).add(callback);
        size++;
        int dropped = 0;
        while (size > capacity) {
            var eldest = byIntent.entrySet().iterator().next();
            size -= eldest.getValue().size();
            dropped += eldest.getValue().size();
            byIntent.remove(eldest.getKey());
        }
        return dropped;
    }

    /** The callbacks parked for {@code intentId}, taken out (so each is released once), in arrival order. */
    synchronized List<Callback> release(String intentId) {
        List<Callback> callbacks = byIntent.remove(intentId);
        if (callbacks == null) {
            return List.of();
        }
        size -= callbacks.size();
        return callbacks;
    }
}
