package dev.nudge.domain.policy;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the first instant a text may go out: inside the recipient's sending window (in every place they may be)
 * and clear of every contact cap. Moving out of quiet hours can never break a cap (caps only loosen with time), and moving past a cap may
 * land in quiet hours, so the two are applied in turn until neither moves the time.
 */
public record SlotPlanner(ContactCaps caps) {

    // Converges in two rounds; the bound only guards against a broken invariant looping forever.
    private static final int MAX_ROUNDS = 8;

    public SlotPlanner {
        Objects.requireNonNull(caps, "caps");
    }

    /** The plan, or empty when the recipient's places never agree on a time to text (see {@link RecipientWindow}). */
    public Optional<SlotPlan> plan(Instant notBefore, RecipientWindow window, String subject, SendHistory history) {
        Set<DeferralReason> reasons = new LinkedHashSet<>();
        Instant candidate = notBefore;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Optional<Instant> allowed = window.nextAllowed(candidate);
            if (allowed.isEmpty()) {
                return Optional.empty();
            }
            Instant inWindow = allowed.get();
            if (inWindow.isAfter(candidate)) {
                reasons.add(DeferralReason.QUIET_HOURS);
            }
            CapDecision decision = caps.check(inWindow, subject, history);
            if (decision.allowed()) {
                return Optional.of(new SlotPlan(inWindow, reasons.stream().toList()));
            }
            reasons.add(decision.reason());
            candidate = decision.earliestAllowed();
        }
        throw new IllegalStateException("no stable send time after " + notBefore + " within " + MAX_ROUNDS + " rounds");
    }
}
