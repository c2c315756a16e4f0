package dev.nudge.domain.policy;

import java.time.Instant;

/**
 * How one recipient has responded to our texts, across sequences: only what {@link FatiguePolicy} reads.
 * {@code ignoredStreak} counts texts settled as ignored because the next text went out unanswered; the latest
 * text is still {@code awaitingResponse} until a click, reply or purchase arrives (see {@link FatiguePolicy} for
 * when its response window runs out). {@code lastSentMillis} is epoch millis, 0 meaning "never".
 */
public class EngagementStats {

    private int ignoredStreak;
    private boolean awaitingResponse;
    private long lastSentMillis;

    public EngagementStats() {
    }

    public EngagementStats(int ignoredStreak, boolean awaitingResponse, long lastSentMillis) {
        this.ignoredStreak = ignoredStreak;
        this.awaitingResponse = awaitingResponse;
        this.lastSentMillis = lastSentMillis;
    }

    /** A text went out. If the previous one is still unanswered, it now counts as ignored. */
    public void onSent(Instant at) {
        if (awaitingResponse) {
            ignoredStreak++;
        }
        awaitingResponse = true;
        lastSentMillis = Math.max(lastSentMillis, at.toEpochMilli());
    }

    /**
     * A click, reply or purchase: any sign of life resets the streak; it answers the latest text only if it came
     * after that text went out.
     */
    public void onResponse(Instant at) {
        ignoredStreak = 0;
        if (at.toEpochMilli() >= lastSentMillis) {
            awaitingResponse = false;
        }
    }

    public int getIgnoredStreak() {
        return ignoredStreak;
    }

    public void setIgnoredStreak(int ignoredStreak) {
        this.ignoredStreak = ignoredStreak;
    }

    public boolean isAwaitingResponse() {
        return awaitingResponse;
    }

    public void setAwaitingResponse(boolean awaitingResponse) {
        this.awaitingResponse = awaitingResponse;
    }

    public long getLastSentMillis() {
        return lastSentMillis;
    }

    public void setLastSentMillis(long lastSentMillis) {
        this.lastSentMillis = lastSentMillis;
    }
}
