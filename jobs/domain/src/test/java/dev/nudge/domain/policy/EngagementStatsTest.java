package dev.nudge.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(stats.getIgnoredStreak()).isZero();
    }

    @Test
    void aTextAnsweredNeverCountsAsIgnored() {
        EngagementStats stats = new EngagementStats();
        stats.onSent(T0);
        stats.onResponse(T0.plusSeconds(60));
        stats.onSent(T0.plusSeconds(120));
        assertThat(stats.getIgnoredStreak()).isZero();
        assertThat(stats.isAwaitingResponse()).isTrue();
        stats.onSent(T0.plusSeconds(180));
        assertThat(stats.getIgnoredStreak()).isEqualTo(1);
    }

    @Test
    void aResponseFromBeforeTheLatestTextDoesNotAnswerIt() {
        EngagementStats stats = new EngagementStats();
        stats.onSent(T0.plusSeconds(100));
        stats.onResponse(T0);
        assertThat(stats.isAwaitingResponse()).isTrue();
        stats.onSent(T0);
        assertThat(stats.getLastSentMillis()).isEqualTo(T0.plusSeconds(100).toEpochMilli());
    }
}
