package dev.nudge.domain.policy;

import java.time.Duration;
import java.util.Objects;

/** The fatigue verdict for a recipient; {@code stretchFactor} is 1 unless the action is STRETCH. */
public record FatigueVerdict(FatigueAction action, double stretchFactor) {

    public static final FatigueVerdict NONE = new FatigueVerdict(FatigueAction.NONE, 1.0);
    public static final FatigueVerdict STOP = new FatigueVerdict(FatigueAction.STOP, 1.0);

    public FatigueVerdict {
        Objects.requireNonNull(action, "action");
        if (action == FatigueAction.STRETCH ? stretchFactor < 1.0 : stretchFactor != 1.0) {
            throw new IllegalArgumentException("stretch factor " + stretchFactor + " does not fit " + action);
        }
    }

    public static FatigueVerdict stretch(double factor) {
        return new FatigueVerdict(FatigueAction.STRETCH, factor);
    }

    /** The spacing to use before the next text: {@code planned} times the stretch factor. */
    public Duration stretch(Duration planned) {
        return Duration.ofMillis(Math.round(planned.toMillis() * stretchFactor));
    }
}
