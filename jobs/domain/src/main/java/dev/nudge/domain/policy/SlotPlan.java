package dev.nudge.domain.policy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * When a text may go out, and what pushed it there (each reason once, in the order met; empty when it can go at
 * the asked time).
 */
public record SlotPlan(Instant sendAt, List<DeferralReason> deferredBy) {

    public SlotPlan {
        Objects.requireNonNull(sendAt, "sendAt");
        deferredBy = List.copyOf(deferredBy);
    }

    public boolean deferred() {
        return !deferredBy.isEmpty();
    }
}
