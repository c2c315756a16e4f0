package dev.nudge.domain.definition;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DelayTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
    private static final ZoneId HONOLULU = ZoneId.of("Pacific/Honolulu");

    @Test
    void wholeDaysKeepTheLocalHourAcrossSpringForward() {
        Instant saturday3pm = Instant.parse("2024-03-09T20:00:00Z"); // 15:00 EST, the night before clocks go forward

        Instant due = Delay.after(Duration.ofDays(2)).dueAt(saturday3pm, NEW_YORK, null);

        assertThat(due).isEqualTo(Instant.parse("2024-03-11T19:00:00Z")); // 15:00 EDT
        assertThat(Duration.between(saturday3pm, due)).isEqualTo(Duration.ofHours(47));
    }

    @Test
    void wholeDaysKeepTheLocalHourAcrossFallBack() {
        Instant saturday9am = Instant.parse("2024-11-02T16:00:00Z"); // 09:00 PDT

        Instant due = Delay.after(Duration.ofDays(1)).dueAt(saturday9am, LOS_ANGELES, null);

        assertThat(due).isEqualTo(Instant.parse("2024-11-03T17:00:00Z")); // 09:00 PST
        assertThat(Duration.between(saturday9am, due)).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void hoursBeyondWholeDaysAreElapsedTime() {
        Instant saturday3pm = Instant.parse("2024-03-09T20:00:00Z");

        Instant due = Delay.after(Duration.ofHours(36)).dueAt(saturday3pm, NEW_YORK, null);

        // one calendar day (23 h that Sunday) plus 12 elapsed hours
        assertThat(due).isEqualTo(Instant.parse("2024-03-11T07:00:00Z"));
        assertThat(Delay.after(Duration.ofHours(5)).dueAt(saturday3pm, NEW_YORK, null))
                .isEqualTo(saturday3pm.plus(Duration.ofHours(5)));
        assertThat(Delay.after(Duration.ZERO).dueAt(saturday3pm, NEW_YORK, null)).isEqualTo(saturday3pm);
    }

    @Test
    void honoluluHasNoDaylightSaving() {
        Instant reference = Instant.parse("2024-03-09T20:00:00Z"); // 10:00 HST

        assertThat(Delay.after(Duration.ofDays(2)).dueAt(reference, HONOLULU, null))
                .isEqualTo(reference.plus(Duration.ofHours(48)));
        assertThat(Delay.nextDayAt(LocalTime.of(10, 0)).dueAt(reference, HONOLULU, null))
                .isEqualTo(Instant.parse("2024-03-10T20:00:00Z"));
    }

    @Test
    void nextDayAtUsesTheRecipientsCalendarDay() {
        Instant reference = Instant.parse("2024-06-01T03:00:00Z"); // still May 31 in all three zones
        Delay tenAm = Delay.nextDayAt(LocalTime.of(10, 0));

        assertThat(tenAm.dueAt(reference, NEW_YORK, null)).isEqualTo(Instant.parse("2024-06-01T14:00:00Z"));
        assertThat(tenAm.dueAt(reference, LOS_ANGELES, null)).isEqualTo(Instant.parse("2024-06-01T17:00:00Z"));
        assertThat(tenAm.dueAt(reference, HONOLULU, null)).isEqualTo(Instant.parse("2024-06-01T20:00:00Z"));
    }

    @Test
    void nextDayAtAcrossTheChangeNight() {
        Instant lateSaturday = Instant.parse("2024-03-10T04:30:00Z"); // 23:30 EST on March 9

        assertThat(Delay.nextDayAt(LocalTime.of(10, 0)).dueAt(lateSaturday, NEW_YORK, null))
                .isEqualTo(Instant.parse("2024-03-10T14:00:00Z")); // 10:00 EDT
        // 02:30 does not exist that night: the clock jumps from 02:00 to 03:00, so it is sent at 03:30 EDT
        assertThat(Delay.nextDayAt(LocalTime.of(2, 30)).dueAt(lateSaturday, NEW_YORK, null))
                .isEqualTo(Instant.parse("2024-03-10T07:30:00Z"));
        // 01:30 happens twice on November 3: the first one (EDT) is used
        assertThat(Delay.nextDayAt(LocalTime.of(1, 30)).dueAt(Instant.parse("2024-11-02T16:00:00Z"), NEW_YORK, null))
                .isEqualTo(Instant.parse("2024-11-03T05:30:00Z"));
    }

    @Test
    void beforeRunOutCountsCalendarDaysBack() {
        Instant runOut = Instant.parse("2024-03-12T16:00:00Z"); // 12:00 EDT
        Instant purchase = Instant.parse("2024-02-11T17:00:00Z");

        Instant due = Delay.beforeRunOut(Duration.ofDays(5)).dueAt(purchase, NEW_YORK, runOut);

        assertThat(due).isEqualTo(Instant.parse("2024-03-07T17:00:00Z")); // 12:00 EST
        assertThat(Delay.beforeRunOut(Duration.ofDays(5)).dueAt(purchase, HONOLULU, runOut))
                .isEqualTo(runOut.minus(Duration.ofDays(5)));
    }

    @Test
    void isNeverEarlierThanTheReference() {
        Instant runOut = Instant.parse("2024-03-12T16:00:00Z");
        Instant afterDue = Instant.parse("2024-03-10T09:00:00Z");

        assertThat(Delay.beforeRunOut(Duration.ofDays(5)).dueAt(afterDue, NEW_YORK, runOut)).isEqualTo(afterDue);
        assertThat(Delay.after(Duration.ofHours(-2)).dueAt(afterDue, NEW_YORK, null)).isEqualTo(afterDue);
    }

    @Test
    void beforeRunOutNeedsTheRunOutTime() {
        assertThatThrownBy(() -> Delay.beforeRunOut(Duration.ofDays(5)).dueAt(Instant.EPOCH, NEW_YORK, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("run-out time");
    }
}
