package dev.nudge.domain.definition;

import java.time.Duration;
import java.time.Instant;

/** Whether a customer may enter the sequence again; cooldown is set only for COOLDOWN. */
public record Reentry(ReentryPolicy policy, Duration cooldown) {

    public static Reentry never() {
        return new Reentry(ReentryPolicy.NEVER, null);
    }

    public static Reentry afterCompletion() {
        return new Reentry(ReentryPolicy.AFTER_COMPLETION, null);
    }

    public static Reentry cooldown(Duration cooldown) {
        return new Reentry(ReentryPolicy.COOLDOWN, cooldown);
    }

    /**
     * Whether a new run may start now. A customer never has two runs of one sequence at once.
     *
     * @param previousEnteredAt when the customer last entered, null if never
     * @param previousEndedAt   when that run finished or exited, null while it is still running
     */
    public boolean allowsEntry(Instant previousEnteredAt, Instant previousEndedAt, Instant now) {
        if (previousEnteredAt == null) {
            return true;
        }
        if (previousEndedAt == null) {
            return false;
        }
        return switch (policy) {
            case NEVER -> false;
            case AFTER_COMPLETION -> true;
            case COOLDOWN -> !now.isBefore(previousEndedAt.plus(cooldown));
        };
    }
}
