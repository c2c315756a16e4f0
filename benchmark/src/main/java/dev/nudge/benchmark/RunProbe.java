package dev.nudge.benchmark;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the sinks of one job run observe, kept in this JVM and found by id (sinks are serialized into the job graph,
 * this is not): how late steps fired and decisions came out against the {@link EmissionClock}, and a few counts.
 */
final class RunProbe {

    private static final Map<String, RunProbe> OPEN = new ConcurrentHashMap<>();

    final String id = UUID.randomUUID().toString();
    final EmissionClock clock;
    final Latencies timerLateness = new Latencies();
    final Latencies decisionLatency = new Latencies();

    private RunProbe(EmissionClock clock) {
        this.clock = clock;
    }

    /** @param clock the feed's clock, or null when the run measures no latency */
    static RunProbe open(EmissionClock clock) {
        RunProbe probe = new RunProbe(clock);
        OPEN.put(probe.id, probe);
        return probe;
    }

    static RunProbe get(String id) {
        RunProbe probe = OPEN.get(id);
        if (probe == null) {
            throw new IllegalStateException("no open run " + id);
        }
        return probe;
    }

    /** A step (timer) at {@code dueEventTime} came out now. */
    void timerFired(long dueEventTime, long nowNanos) {
        if (clock != null) {
            long due = clock.passed(dueEventTime);
            if (due != EmissionClock.NONE) {
                timerLateness.add(nowNanos - due);
            }
        }
    }

    /** The decision about an input at {@code inputEventTime} came out now. */
    void inputDecided(long inputEventTime, long nowNanos) {
        if (clock != null) {
            long due = clock.reachedAtOrAfter(inputEventTime);
            if (due != EmissionClock.NONE) {
                decisionLatency.add(nowNanos - due);
            }
        }
    }

    void close() {
        OPEN.remove(id);
    }
}
