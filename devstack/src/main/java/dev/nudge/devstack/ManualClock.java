package dev.nudge.devstack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test or a simulation moves it. Handing the same one to every service (dispatcher,
 * webhook service, the events' timestamps) makes them agree on "now" and makes the times they stamp repeatable.
 */
public final class ManualClock extends Clock {

    private final AtomicReference<Instant> now;

    public ManualClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** Moves the clock forward by {@code step} and returns the new now. */
    public Instant advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("a clock only moves forward, not by " + step);
        }
        return now.updateAndGet(current -> current.plus(step));
    }

    /** Sets the clock to {@code at}, e.g. the moment of the simulated event about to be played. */
    public void set(Instant at) {
        now.set(at);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a manual clock is shared, not copied into another zone");
    }
}
