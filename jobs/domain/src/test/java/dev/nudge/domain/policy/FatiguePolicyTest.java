package dev.nudge.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FatiguePolicyTest {

    private static final Instant T0 = Instant.parse("2025-06-10T15:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);
    private final FatiguePolicy policy = FatiguePolicy.DEFAULTS;

    @Test
    void defaultsAreDocumented() {
        assertThat(policy).isEqualTo(new FatiguePolicy(2, 2.0, 4, Duration.ofHours(48)));
    }

    @Test
    void aFreshRecipientIsNotFatigued() {
        assertThat(policy.verdict(new EngagementStats(), T0)).isEqualTo(FatigueVerdict.NONE);
    }

    @Test
    void aTextIsIgnoredWhenTheNextOneGoesOutUnanswered() {
        EngagementStats stats = new EngagementStats();
        stats.onSent(T0);
        assertThat(policy.ignoredInARow(stats, T0.plus(Duration.ofHours(1)))).isZero();
        stats.onSent(T0.plus(Duration.ofHours(20)));
        assertThat(policy.ignoredInARow(stats, T0.plus(Duration.ofHours(21)))).isEqualTo(1);
    }

    @Test
    void aTextIsIgnoredWhenItsResponseWindowPasses() {
        EngagementStats stats = new EngagementStats();
        stats.onSent(T0);
        assertThat(policy.ignoredInARow(stats, T0.plus(Duration.ofHours(48)).minusMillis(1))).isZero();
        assertThat(policy.ignoredInARow(stats, T0.plus(Duration.ofHours(48)))).isEqualTo(1);
    }

    @Test
    void anExpiredTextIsNotCountedTwiceWhenTheNextGoesOut() {
        EngagementStats stats = new EngagementStats();
        stats.onSent(T0);
        Instant fiveDaysLater = T0.plus(DAY.multipliedBy(5));
        assertThat(policy.ignoredInARow(stats, fiveDaysLater)).isEqualTo(1);
        stats.onSent(fiveDaysLater);
        assertThat(policy.ignoredInARow(stats, fiveDaysLater)).isEqualTo(1);
    }

    @Test
    void twoIgnoredStretchFourIgnoredStop() {
        EngagementStats stats = new EngagementStats();
        Instant now = T0;
        assertThat(policy.verdict(stats, now)).isEqualTo(FatigueVerdict.NONE);
        stats.onSent(now);
        now = now.plus(DAY);
        stats.onSent(now);
        assertThat(policy.verdict(stats, now)).isEqualTo(FatigueVerdict.NONE);          // 1 ignored
        now = now.plus(DAY);
        stats.onSent(now);
        assertThat(policy.verdict(stats, now)).isEqualTo(FatigueVerdict.stretch(2.0));  // 2 ignored
        now = now.plus(DAY);
        stats.onSent(now);
        assertThat(policy.verdict(stats, now).action()).isEqualTo(FatigueAction.STRETCH); // 3 ignored
        assertThat(policy.verdict(stats, now.plus(Duration.ofHours(48)))).isEqualTo(FatigueVerdict.STOP); // 4
    }

    @Test
    void anyEngagementResetsTheStreak() {
        for (String kind : new String[] {"click", "reply", "purchase"}) {
            EngagementStats stats = ignoredTexts(3);
            Instant after = Instant.ofEpochMilli(stats.getLastSentMillis()).plus(Duration.ofHours(1));
            switch (kind) {
                case "click" -> stats.onResponse(after);
                case "reply" -> stats.onResponse(after);
                default -> stats.onResponse(after);
            }
            assertThat(policy.verdict(stats, after.plus(DAY.multipliedBy(10)))).as(kind).isEqualTo(FatigueVerdict.NONE);
        }
    }

    @Test
    void anEngagementFromBeforeTheLatestTextDoesNotAnswerIt() {
        EngagementStats stats = new EngagementStats();
        stats.onSent(T0);
        stats.onSent(T0.plus(DAY));
        stats.onResponse(T0.plus(Duration.ofHours(2)));   // a late-arriving click on the first text
        assertThat(stats.getIgnoredStreak()).isZero();
        assertThat(stats.isAwaitingResponse()).isTrue();
        assertThat(policy.ignoredInARow(stats, T0.plus(DAY.multipliedBy(4)))).isEqualTo(1);
    }

    @Test
    void customThresholds() {
        FatiguePolicy patient = new FatiguePolicy(3, 1.5, 6, Duration.ofHours(24));
        assertThat(patient.verdict(ignoredTexts(2), T0)).isEqualTo(FatigueVerdict.NONE);
        assertThat(patient.verdict(ignoredTexts(3), T0)).isEqualTo(FatigueVerdict.stretch(1.5));
        assertThat(patient.verdict(ignoredTexts(6), T0)).isEqualTo(FatigueVerdict.STOP);
    }

    @Test
    void invalidThresholdsAreRejected() {
        assertThatThrownBy(() -> new FatiguePolicy(0, 2, 4, DAY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FatiguePolicy(3, 2, 2, DAY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FatiguePolicy(2, 0.5, 4, DAY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FatiguePolicy(2, 2, 4, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aVerdictStretchesSpacing() {
        assertThat(FatigueVerdict.stretch(2.0).stretch(Duration.ofHours(36))).isEqualTo(Duration.ofHours(72));
        assertThat(FatigueVerdict.stretch(1.5).stretch(Duration.ofDays(2))).isEqualTo(Duration.ofDays(3));
        assertThat(FatigueVerdict.NONE.stretch(Duration.ofHours(5))).isEqualTo(Duration.ofHours(5));
        assertThatThrownBy(() -> FatigueVerdict.stretch(0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FatigueVerdict(FatigueAction.STOP, 3.0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Stats with {@code count} texts settled as ignored and the latest one just sent. */
    private static EngagementStats ignoredTexts(int count) {
        EngagementStats stats = new EngagementStats();
        for (int i = 0; i <= count; i++) {
            stats.onSent(T0.minus(DAY.multipliedBy(count - i)));
        }
        assertThat(stats.getIgnoredStreak()).isEqualTo(count);
        return stats;
    }
}
