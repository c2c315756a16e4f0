package dev.nudge.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SlotPlannerTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private final SlotPlanner planner = new SlotPlanner(ContactCaps.DEFAULTS);

    @Test
    void aFreeRecipientInsideTheWindowGetsTheAskedTime() {
        Instant noon = local("2025-06-10T12:00");
        SlotPlan plan = plan(planner, noon, AllowedHours.DEFAULT, NEW_YORK, "sku-1", new SendHistory());
        assertThat(plan).isEqualTo(new SlotPlan(noon, java.util.List.of()));
        assertThat(plan.deferred()).isFalse();
    }

    @Test
    void quietHoursAloneMoveTheTextToTheMorning() {
        SlotPlan plan = plan(planner, local("2025-06-10T22:30"), AllowedHours.DEFAULT, NEW_YORK, null, new SendHistory());
        assertThat(plan.sendAt()).isEqualTo(local("2025-06-11T08:00"));
        assertThat(plan.deferredBy()).containsExactly(DeferralReason.QUIET_HOURS);
        assertThat(plan.deferred()).isTrue();
    }

    @Test
    void aCapThatEndsAtNightIsFollowedByTheMorning() {
        // Sent yesterday at 20:30; the daily cap frees at 20:30 today, which is still inside 08:00–21:00.
        SendHistory history = historyAt(local("2025-06-09T20:30"));
        SlotPlan plan = plan(planner, local("2025-06-10T09:00"), AllowedHours.DEFAULT, NEW_YORK, null, history);
        assertThat(plan.sendAt()).isEqualTo(local("2025-06-10T20:30"));
        assertThat(plan.deferredBy()).containsExactly(DeferralReason.DAILY_CAP);

        // Under Florida's 08:00–20:00 window the same cap lands in quiet hours: wait for the next morning.
        SlotPlan florida = plan(planner, local("2025-06-10T09:00"), AllowedHours.of("08:00", "20:00"), NEW_YORK, null,
                history);
        assertThat(florida.sendAt()).isEqualTo(local("2025-06-11T08:00"));
        assertThat(florida.deferredBy()).containsExactly(DeferralReason.DAILY_CAP, DeferralReason.QUIET_HOURS);
    }

    @Test
    void quietHoursThenCapThenQuietHoursAgain() {
        // Asked at 23:00; the window opens at 08:00 but the weekly cap frees only at 22:00 four days later,
        // which is quiet, so the text goes the morning after.
        SendHistory history = historyAt(local("2025-06-05T22:00"), local("2025-06-07T09:00"), local("2025-06-09T09:00"));
        SlotPlan plan = plan(planner, local("2025-06-10T23:00"), AllowedHours.DEFAULT, NEW_YORK, null, history);
        assertThat(plan.sendAt()).isEqualTo(local("2025-06-13T08:00"));
        assertThat(plan.deferredBy())
                .containsExactly(DeferralReason.QUIET_HOURS, DeferralReason.WEEKLY_CAP);
        assertThat(AllowedHours.DEFAULT.allows(plan.sendAt(), NEW_YORK)).isTrue();
        assertThat(ContactCaps.DEFAULTS.check(plan.sendAt(), null, history).allowed()).isTrue();
    }

    @Test
    void everyPlanIsInsideTheWindowAndClearOfTheCaps() {
        ContactCaps caps = new ContactCaps(Duration.ofHours(4), 2, 5, 1);
        SlotPlanner busyPlanner = new SlotPlanner(caps);
        AllowedHours window = AllowedHours.of("09:00", "18:00");
        SendHistory history = new SendHistory();
        Instant cursor = local("2025-03-01T00:00");
        for (int i = 0; i < 40; i++) {
            String subject = "sku-" + (i % 3);
            SlotPlan plan = plan(busyPlanner, cursor, window, NEW_YORK, subject, history);
            assertThat(plan.sendAt()).isAfterOrEqualTo(cursor);
            assertThat(window.allows(plan.sendAt(), NEW_YORK)).isTrue();
            assertThat(caps.check(plan.sendAt(), subject, history).allowed()).isTrue();
            history.record(plan.sendAt(), "seq", subject);
            cursor = plan.sendAt().plus(Duration.ofMinutes(37L * i));
        }
    }

    private static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(NEW_YORK).toInstant();
    }

    private static SendHistory historyAt(Instant... times) {
        SendHistory history = new SendHistory();
        for (Instant time : times) {
            history.record(time, "seq", null);
        }
        return history;
    }

    /** The planner for one place: the recipient's zone is known. */
    private static SlotPlan plan(SlotPlanner planner, Instant notBefore, AllowedHours window, ZoneId zone, String subject,
                                 SendHistory history) {
        return planner.plan(notBefore, new RecipientWindow(java.util.List.of(new ZoneWindow(zone, window))), subject, history)
                .orElseThrow();
    }
}
