package dev.nudge.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContactCapsTest {

    private static final Instant T0 = Instant.parse("2025-06-10T15:00:00Z");

    @Test
    void defaultsAreDocumented() {
        assertThat(ContactCaps.DEFAULTS).isEqualTo(new ContactCaps(Duration.ofHours(4), 1, 3, null));
    }

    @Test
    void anEmptyHistoryAllowsAnything() {
        CapDecision decision = ContactCaps.DEFAULTS.check(T0, "sku-1", new SendHistory());
        assertThat(decision).isEqualTo(CapDecision.allow(T0));
        assertThat(decision.reason()).isNull();
    }

    @Test
    void minGapHoldsTheNextTextBack() {
        ContactCaps caps = new ContactCaps(Duration.ofHours(4), 10, 10, null);
        SendHistory history = historyAt(T0);
        assertThat(caps.check(T0.plus(Duration.ofHours(3)), null, history))
                .isEqualTo(CapDecision.block(DeferralReason.MIN_GAP, T0.plus(Duration.ofHours(4))));
        assertThat(caps.check(T0.plus(Duration.ofHours(4)), null, history).allowed()).isTrue();
    }

    @Test
    void dailyCapIsARolling24Hours() {
        SendHistory history = historyAt(T0);
        CapDecision nextMorning = ContactCaps.DEFAULTS.check(T0.plus(Duration.ofHours(20)), null, history);
        assertThat(nextMorning).isEqualTo(CapDecision.block(DeferralReason.DAILY_CAP, T0.plus(Duration.ofHours(24))));
        assertThat(ContactCaps.DEFAULTS.check(T0.plus(Duration.ofHours(24)), null, history).allowed()).isTrue();
    }

    @Test
    void dailyCapAboveOneWaitsForTheRightSendToAgeOut() {
        ContactCaps twoADay = new ContactCaps(Duration.ZERO, 2, 10, null);
        SendHistory history = historyAt(T0, T0.plus(Duration.ofHours(5)), T0.plus(Duration.ofHours(10)));
        // Three sends in the last 24 h: two must age out before a third slot opens.
        assertThat(twoADay.check(T0.plus(Duration.ofHours(11)), null, history))
                .isEqualTo(CapDecision.block(DeferralReason.DAILY_CAP, T0.plus(Duration.ofHours(29))));
        // At hour 25 the first send has aged out but two still count; the one from hour 5 frees a slot at 29.
        assertThat(twoADay.check(T0.plus(Duration.ofHours(25)), null, history))
                .isEqualTo(CapDecision.block(DeferralReason.DAILY_CAP, T0.plus(Duration.ofHours(29))));
        assertThat(twoADay.check(T0.plus(Duration.ofHours(29)), null, history).allowed()).isTrue();
    }

    @Test
    void weeklyCapIsARollingSevenDays() {
        SendHistory history = historyAt(T0, T0.plus(Duration.ofDays(2)), T0.plus(Duration.ofDays(4)));
        CapDecision dayFive = ContactCaps.DEFAULTS.check(T0.plus(Duration.ofDays(5)), null, history);
        assertThat(dayFive).isEqualTo(CapDecision.block(DeferralReason.WEEKLY_CAP, T0.plus(Duration.ofDays(7))));
        assertThat(ContactCaps.DEFAULTS.check(T0.plus(Duration.ofDays(7)), null, history).allowed()).isTrue();
    }

    @Test
    void subjectCapCountsOnlyTheSameSubject() {
        ContactCaps caps = new ContactCaps(Duration.ZERO, 5, 10, 1);
        SendHistory history = new SendHistory();
        history.record(T0, "seq-a", "sku-1");
        history.record(T0.plus(Duration.ofHours(1)), "seq-b", "sku-2");
        Instant later = T0.plus(Duration.ofHours(2));
        assertThat(caps.check(later, "sku-1", history))
                .isEqualTo(CapDecision.block(DeferralReason.SUBJECT_CAP, T0.plus(Duration.ofHours(24))));
        assertThat(caps.check(later, "sku-3", history).allowed()).isTrue();
        assertThat(caps.check(later, null, history).allowed()).isTrue();
    }

    @Test
    void withoutASubjectCapSubjectsDoNotMatter() {
        ContactCaps caps = new ContactCaps(Duration.ZERO, 5, 10, null);
        SendHistory history = historyAt(T0);
        history.getSends().get(0).setSubject("sku-1");
        assertThat(caps.check(T0.plusSeconds(1), "sku-1", history).allowed()).isTrue();
    }

    @Test
    void capsHoldAcrossSequences() {
        SendHistory history = new SendHistory();
        history.record(T0, "welcome", "a");
        CapDecision otherSequence = ContactCaps.DEFAULTS.check(T0.plus(Duration.ofHours(6)), "b", history);
        assertThat(otherSequence.allowed()).isFalse();
        assertThat(otherSequence.reason()).isEqualTo(DeferralReason.DAILY_CAP);
    }

    @Test
    void theBindingCapIsTheOneHoldingLongestAndItsTimeSatisfiesAll() {
        SendHistory history = historyAt(T0, T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(2)));
        Instant asked = T0.plus(Duration.ofDays(2)).plus(Duration.ofHours(1));
        CapDecision decision = ContactCaps.DEFAULTS.check(asked, null, history);
        // min gap frees at +2d4h, daily cap at +3d, weekly cap at +7d.
        assertThat(decision).isEqualTo(CapDecision.block(DeferralReason.WEEKLY_CAP, T0.plus(Duration.ofDays(7))));
        assertThat(ContactCaps.DEFAULTS.check(decision.earliestAllowed(), null, history).allowed()).isTrue();
    }

    @Test
    void tiesNameTheFirstCap() {
        // With a 24 h min gap and one text a day, both free up at the same instant.
        ContactCaps caps = new ContactCaps(Duration.ofHours(24), 1, 3, null);
        assertThat(caps.check(T0.plusSeconds(60), null, historyAt(T0)).reason()).isEqualTo(DeferralReason.MIN_GAP);
    }

    @Test
    void aSendRecordedForLaterAlsoCounts() {
        Instant reserved = T0.plus(Duration.ofHours(2));
        CapDecision decision = ContactCaps.DEFAULTS.check(T0, null, historyAt(reserved));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.earliestAllowed()).isEqualTo(reserved.plus(Duration.ofHours(24)));
    }

    @Test
    void invalidCapsAreRejected() {
        assertThatThrownBy(() -> new ContactCaps(Duration.ofHours(-1), 1, 3, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ContactCaps(Duration.ZERO, 0, 3, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ContactCaps(Duration.ZERO, 1, 0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ContactCaps(Duration.ZERO, 1, 3, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ContactCaps(Duration.ZERO, 1, SendHistory.CAPACITY + 1, null))
                .hasMessageContaining("history");
    }

    @Test
    void aDecisionCarriesAReasonExactlyWhenBlocked() {
        assertThatThrownBy(() -> new CapDecision(true, DeferralReason.MIN_GAP, T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CapDecision(false, null, T0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static SendHistory historyAt(Instant... times) {
        SendHistory history = new SendHistory();
        for (Instant time : times) {
            history.record(time, "seq", null);
        }
        return history;
    }
}
