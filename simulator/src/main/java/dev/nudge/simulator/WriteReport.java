package dev.nudge.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far a write has come: records acknowledged by the broker per topic, and the event time reached.
 *
 * @param perTopic        acknowledged records per topic name, sorted by name
 * @param sent            records handed to the producer so far
 * @param elapsed         wall-clock time since the write began
 * @param lastEventTime   the event time of the last record sent, or null before the first
 */
public record WriteReport(Map<String, Long> perTopic, long sent, Duration elapsed, Instant lastEventTime) {

    public WriteReport {
        perTopic = Map.copyOf(perTopic);
    }

    /** Records acknowledged by the broker, all topics together. */
    public long acknowledged() {
        return perTopic.values().stream().mapToLong(Long::longValue).sum();
    }

    public double eventsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : acknowledged() / seconds;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(String.format("%,d records in %.1f s (%,.0f/s)",
                acknowledged(), elapsed.toMillis() / 1000.0, eventsPerSecond()));
        new TreeMap<>(perTopic).forEach((topic, count) -> text.append(String.format("%n  %-32s %,12d", topic, count)));
        return text.toString();
    }
}
