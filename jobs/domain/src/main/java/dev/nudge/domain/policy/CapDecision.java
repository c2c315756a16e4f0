package dev.nudge.domain.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether the contact caps let a text go out at the asked time. When blocked, {@code reason} is the cap that
 * holds it longest and {@code earliestAllowed} the first instant at which every cap lets it through, so the text
 * can be deferred rather than dropped. When allowed, {@code reason} is null and {@code earliestAllowed} the
 * asked time.
 */
public record CapDecision(boolean allowed, DeferralReason reason, Instant earliestAllowed) {

    public CapDecision {
        Objects.requireNonNull(earliestAllowed, "earliestAllowed");
        if (allowed != (reason == null)) {
            throw new IllegalArgumentException("a reason is given exactly when blocked");
        }
    }

    public static CapDecision allow(Instant at) {
        return new CapDecision(true, null, at);
    }

    public static CapDecision block(DeferralReason reason, Instant earliestAllowed) {
        return new CapDecision(false, Objects.requireNonNull(reason, "reason"), earliestAllowed);
    }
}
