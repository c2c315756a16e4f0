package dev.nudge.domain.policy;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Backs off from recipients who stop responding. A text counts as ignored when neither a click, a reply nor a
 * purchase follows it before the next text goes out or within {@code responseWindow}, whichever comes first.
 * After {@code stretchAfterIgnored} ignored texts in a row the spacing between texts is multiplied by
 * {@code stretchFactor}; after {@code stopAfterIgnored} the recipient is left alone. Any engagement resets the
 * count.
 *
 * @param stretchAfterIgnored ignored texts in a row before spacing is stretched (default 2)
 * @param stretchFactor       how much longer the spacing gets (default 2)
 * @param stopAfterIgnored    ignored texts in a row before texting stops (default 4)
 * @param responseWindow      how long after a text a response still counts for it (default 48 h)
 */
public record FatiguePolicy(int stretchAfterIgnored, double stretchFactor, int stopAfterIgnored,
                            Duration responseWindow) implements Serializable {

    public static final FatiguePolicy DEFAULTS = new FatiguePolicy(2, 2.0, 4, Duration.ofHours(48));

    public FatiguePolicy {
        Objects.requireNonNull(responseWindow, "responseWindow");
        if (stretchAfterIgnored < 1 || stopAfterIgnored < stretchAfterIgnored) {
            throw new IllegalArgumentException("need 1 <= stretchAfterIgnored <= stopAfterIgnored, got "
                    + stretchAfterIgnored + " and " + stopAfterIgnored);
        }
        if (stretchFactor < 1.0) {
            throw new IllegalArgumentException("stretchFactor must be at least 1, got " + stretchFactor);
        }
        if (responseWindow.isNegative() || responseWindow.isZero()) {
            throw new IllegalArgumentException("responseWindow must be positive, got " + responseWindow);
        }
    }

    /**
     * Ignored texts in a row as of {@code now}: the settled streak, plus the latest text once its response
     * window has passed without an answer.
     */
    public int ignoredInARow(EngagementStats stats, Instant now) {
        boolean latestExpired = stats.isAwaitingResponse()
                && !now.isBefore(Instant.ofEpochMilli(stats.getLastSentMillis()).plus(responseWindow));
        return stats.getIgnoredStreak() + (latestExpired ? 1 : 0);
    }

    public FatigueVerdict verdict(EngagementStats stats, Instant now) {
        int ignored = ignoredInARow(stats, now);
        if (ignored >= stopAfterIgnored) {
            return FatigueVerdict.STOP;
        }
        return ignored >= stretchAfterIgnored ? FatigueVerdict.stretch(stretchFactor) : FatigueVerdict.NONE;
    }
}
