package dev.nudge.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.domain.event.Engagement;
import dev.nudge.domain.event.EngagementKind;
import dev.nudge.domain.event.ReplyIntent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EngagementStatsTest {

    private static final Instant T0 = Instant.parse("2025-06-10T15:00:00Z");

    @Test
    void isAFlinkPojo() {
        FlinkPojoShape.assertFlinkPojo(EngagementStats.class);
    }

    @Test
    void startsWithNothing() {
        EngagementStats stats = new EngagementStats();
        assertThat(stats.getLastSentMillis()).isZero();
        assertThat(stats.isAwaitingResponse()).isFalse();
        assertThat(stats.hasPendingQuestion()).isFalse();
    }

    @Test
    void countsSendsClicksAndReplies() {
        EngagementStats stats = new EngagementStats();
        stats.onSent(T0);
        stats.onClick(T0.plusSeconds(60));
        stats.onReply(T0.plusSeconds(120), ReplyIntent.POSITIVE);
        stats.onPurchase(T0.plusSeconds(180));
        assertThat(stats.getSentCount()).isEqualTo(1);
        assertThat(stats.getClickCount()).isEqualTo(1);
        assertThat(stats.getReplyCount()).isEqualTo(1);
        assertThat(stats.getLastSentMillis()).isEqualTo(T0.toEpochMilli());
        assertThat(stats.getLastClickMillis()).isEqualTo(T0.plusSeconds(60).toEpochMilli());
        assertThat(stats.getLastReplyMillis()).isEqualTo(T0.plusSeconds(120).toEpochMilli());
        assertThat(stats.getLastPurchaseMillis()).isEqualTo(T0.plusSeconds(180).toEpochMilli());
        assertThat(stats.isAwaitingResponse()).isFalse();
    }

    @Test
    void lastTimesNeverGoBackwards() {
        EngagementStats stats = new EngagementStats();
        stats.onSent(T0.plusSeconds(100));
        stats.onSent(T0);
        stats.onClick(T0.plusSeconds(100));
        stats.onClick(T0);
        assertThat(stats.getLastSentMillis()).isEqualTo(T0.plusSeconds(100).toEpochMilli());
        assertThat(stats.getLastClickMillis()).isEqualTo(T0.plusSeconds(100).toEpochMilli());
    }

    @Test
    void aQuestionStaysPendingUntilCleared() {
        EngagementStats stats = new EngagementStats();
        stats.onReply(T0, ReplyIntent.QUESTION);
        stats.onReply(T0.plusSeconds(30), ReplyIntent.QUESTION);
        assertThat(stats.hasPendingQuestion()).isTrue();
        assertThat(stats.getPendingQuestionSinceMillis()).isEqualTo(T0.toEpochMilli());
        stats.onReply(T0.plusSeconds(60), ReplyIntent.POSITIVE);
        assertThat(stats.hasPendingQuestion()).isTrue();
        stats.clearPendingQuestion();
        assertThat(stats.hasPendingQuestion()).isFalse();
    }

    @Test
    void engagementEventsApplyClicksAndRepliesOnly() {
        EngagementStats stats = new EngagementStats();
        stats.onSent(T0);
        stats.onEngagement(engagement(EngagementKind.SENT, null));
        stats.onEngagement(engagement(EngagementKind.DELIVERED, null));
        assertThat(stats.getSentCount()).isEqualTo(1);
        assertThat(stats.isAwaitingResponse()).isTrue();
        stats.onEngagement(engagement(EngagementKind.CLICKED, null));
        assertThat(stats.getClickCount()).isEqualTo(1);
        stats.onEngagement(engagement(EngagementKind.REPLIED, ReplyIntent.QUESTION));
        assertThat(stats.getReplyCount()).isEqualTo(1);
        assertThat(stats.hasPendingQuestion()).isTrue();
        assertThat(stats.isAwaitingResponse()).isFalse();
    }

    private static Engagement engagement(EngagementKind kind, ReplyIntent intent) {
        return new Engagement(T0.plusSeconds(10), kind, "msg-1", "seq", 1, intent, null);
    }
}
