package dev.nudge.domain.definition;

import java.time.Instant;

/**
 * A viewed or carted item that starts a BROWSE_ABANDON sequence at firesAt unless a purchase (or removing it from the
 * cart) cancels it first. category is null when the browse signal did not carry one.
 */
public record AbandonWatch(String sku, String category, Instant startedAt, Instant firesAt) {

    public boolean isDue(Instant now) {
        return !now.isBefore(firesAt);
    }
}
