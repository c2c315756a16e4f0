package dev.nudge.domain.policy;

import dev.nudge.domain.event.Engagement;
import dev.nudge.domain.event.ReplyIntent;
import java.time.Instant;

/**
 * How one recipient has responded to our texts, across sequences. Times are epoch millis, 0 meaning "never".
 * {@code ignoredStreak} counts texts settled as ignored because the next text went out unanswered; the latest
 * text is still {@code awaitingResponse} until a click, reply or purchase arrives (see {@link FatiguePolicy} for
 * when its response window runs out). A Flink POJO for keyed state.
 */
public class EngagementStats {

    private int ignoredStreak;
    private boolean awaitingResponse;
    private long lastSentMillis;
    private long lastClickMillis;
    private long lastReplyMillis;
    private long lastPurchaseMillis;
    private long pendingQuestionSinceMillis;
    private int sentCount;
    private int clickCount;
    private int replyCount;

    public EngagementStats() {
    }

    /** A text went out. If the previous one is still unanswered, it now counts as ignored. */
    public void onSent(Instant at) {
        if (awaitingResponse) {
            ignoredStreak++;
        }
        awaitingResponse = true;
        lastSentMillis = Math.max(lastSentMillis, at.toEpochMilli());
        sentCount++;
    }

    public void onClick(Instant at) {
        clickCount++;
        lastClickMillis = Math.max(lastClickMillis, at.toEpochMilli());
        engaged(at);
    }

    /** An inbound text. A question stays pending until {@link #clearPendingQuestion()}. */
    public void onReply(Instant at, ReplyIntent intent) {
        replyCount++;
        lastReplyMillis = Math.max(lastReplyMillis, at.toEpochMilli());
        if (intent == ReplyIntent.QUESTION && pendingQuestionSinceMillis == 0) {
            pendingQuestionSinceMillis = at.toEpochMilli();
        }
        engaged(at);
    }

    public void onPurchase(Instant at) {
        lastPurchaseMillis = Math.max(lastPurchaseMillis, at.toEpochMilli());
        engaged(at);
    }

    /**
     * Applies clicks and replies from the engagement stream. Sends are recorded with {@link #onSent} when the
     * engine emits a text, so SENT and delivery receipts are ignored here to avoid counting a text twice.
     */
    public void onEngagement(Engagement engagement) {
        switch (engagement.kind()) {
            case CLICKED -> onClick(engagement.at());
            case REPLIED -> onReply(engagement.at(), engagement.replyIntent());
            default -> { }
        }
    }

    /** A person (or the engine) answered the customer's question. */
    public void clearPendingQuestion() {
        pendingQuestionSinceMillis = 0;
    }

    public boolean hasPendingQuestion() {
        return pendingQuestionSinceMillis != 0;
    }

    /**
     * Any sign of life resets the streak; it answers the latest text only if it came after that text went out.
     */
    private void engaged(Instant at) {
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

    public long getLastClickMillis() {
        return lastClickMillis;
    }

    public void setLastClickMillis(long lastClickMillis) {
        this.lastClickMillis = lastClickMillis;
    }

    public long getLastReplyMillis() {
        return lastReplyMillis;
    }

    public void setLastReplyMillis(long lastReplyMillis) {
        this.lastReplyMillis = lastReplyMillis;
    }

    public long getLastPurchaseMillis() {
        return lastPurchaseMillis;
    }

    public void setLastPurchaseMillis(long lastPurchaseMillis) {
        this.lastPurchaseMillis = lastPurchaseMillis;
    }

    public long getPendingQuestionSinceMillis() {
        return pendingQuestionSinceMillis;
    }

    public void setPendingQuestionSinceMillis(long pendingQuestionSinceMillis) {
        this.pendingQuestionSinceMillis = pendingQuestionSinceMillis;
    }

    public int getSentCount() {
        return sentCount;
    }

    public void setSentCount(int sentCount) {
        this.sentCount = sentCount;
    }

    public int getClickCount() {
        return clickCount;
    }

    public void setClickCount(int clickCount) {
        this.clickCount = clickCount;
    }

    public int getReplyCount() {
        return replyCount;
    }

    public void setReplyCount(int replyCount) {
        this.replyCount = replyCount;
    }
}
