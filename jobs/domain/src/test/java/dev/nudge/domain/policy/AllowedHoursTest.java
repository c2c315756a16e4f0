package dev.nudge.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AllowedHoursTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void defaultIsEightToNine() {
        assertThat(AllowedHours.DEFAULT).isEqualTo(AllowedHours.of("08:00", "21:00"));
    }

    @ParameterizedTest(name = "{0}–{1} allows {2}: {3}")
    @CsvSource({
        "08:00, 21:00, 07:59:59, false",
        "08:00, 21:00, 08:00, true",
        "08:00, 21:00, 12:00, true",
        "08:00, 21:00, 20:59:59, true",
        "08:00, 21:00, 21:00, false",
        "08:00, 21:00, 00:00, false",
        "22:00, 02:00, 21:59, false",
        "22:00, 02:00, 22:00, true",
        "22:00, 02:00, 23:59, true",
        "22:00, 02:00, 00:00, true",
        "22:00, 02:00, 01:59, true",
        "22:00, 02:00, 02:00, false",
        "22:00, 02:00, 12:00, false",
        "18:00, 00:00, 23:59:59, true",
        "18:00, 00:00, 00:00, false",
        "00:00, 06:00, 00:00, true",
        "00:00, 06:00, 06:00, false",
    })
    void allowsLocalTimesFromStartUntilEnd(String start, String end, String time, boolean allowed) {
        assertThat(AllowedHours.of(start, end).allows(LocalTime.parse(time))).isEqualTo(allowed);
    }

    @Test
    void anEmptyWindowIsRejected() {
        assertThatThrownBy(() -> AllowedHours.of("08:00", "08:00")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allowsJudgesTheRecipientsLocalTime() {
        Instant noonUtc = Instant.parse("2025-06-10T12:00:00Z");
        assertThat(AllowedHours.DEFAULT.allows(noonUtc, NEW_YORK)).isTrue();                         // 08:00 EDT
        assertThat(AllowedHours.DEFAULT.allows(noonUtc, ZoneId.of("America/Los_Angeles"))).isFalse(); // 05:00 PDT
        assertThat(AllowedHours.DEFAULT.allows(noonUtc, ZoneId.of("Asia/Tokyo"))).isFalse();          // 21:00 JST, the end
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
        // inside the window: unchanged
        "America/New_York, 2025-06-10T12:00, 2025-06-10T12:00",
        // before the window: opens the same morning
        "America/New_York, 2025-06-10T06:30, 2025-06-10T08:00",
        // after the window: opens the next morning
        "America/New_York, 2025-06-10T21:00, 2025-06-11T08:00",
        "America/New_York, 2025-06-10T23:59, 2025-06-11T08:00",
        // across a month and a year end
        "Europe/London, 2025-12-31T22:15, 2026-01-01T08:00",
        // southern hemisphere, local DST in January
        "Australia/Sydney, 2025-01-15T05:00, 2025-01-15T08:00",
    })
    void nextAllowedOpensAtTheNextWindowStart(String zone, String localAt, String expectedLocal) {
        ZoneId zoneId = ZoneId.of(zone);
        Instant at = LocalDateTime.parse(localAt).atZone(zoneId).toInstant();
        Instant expected = LocalDateTime.parse(expectedLocal).atZone(zoneId).toInstant();
        assertThat(AllowedHours.DEFAULT.nextAllowed(at, zoneId)).isEqualTo(expected);
    }

    @Test
    void wrappingWindowOpensLateTheSameDay() {
        AllowedHours nights = AllowedHours.of("22:00", "02:00");
        Instant at = LocalDateTime.parse("2025-06-10T03:00").atZone(NEW_YORK).toInstant();
        assertThat(nights.nextAllowed(at, NEW_YORK))
                .isEqualTo(LocalDateTime.parse("2025-06-10T22:00").atZone(NEW_YORK).toInstant());
        Instant afterMidnight = LocalDateTime.parse("2025-06-11T01:30").atZone(NEW_YORK).toInstant();
        assertThat(nights.nextAllowed(afterMidnight, NEW_YORK)).isEqualTo(afterMidnight);
    }

    @Test
    void springForwardDayStillOpensAtEightLocal() {
        // 2025-03-09: New York skips 02:00–03:00; 08:00 EDT is 12:00Z, not 13:00Z.
        Instant justAfterMidnight = Instant.parse("2025-03-09T05:30:00Z");
        assertThat(AllowedHours.DEFAULT.nextAllowed(justAfterMidnight, NEW_YORK))
                .isEqualTo(Instant.parse("2025-03-09T12:00:00Z"));
    }

    @Test
    void aStartInsideTheSpringGapOpensWhenTheClockJumps() {
        // 02:30 does not exist that night; the clock goes 01:59:59 EST → 03:00 EDT (07:00Z), inside 02:30–05:00.
        AllowedHours earlyHours = AllowedHours.of("02:30", "05:00");
        Instant oneAm = Instant.parse("2025-03-09T06:00:00Z");
        Instant opened = earlyHours.nextAllowed(oneAm, NEW_YORK);
        assertThat(opened).isEqualTo(Instant.parse("2025-03-09T07:00:00Z"));
        assertThat(opened.atZone(NEW_YORK).toLocalTime()).isEqualTo(LocalTime.of(3, 0));
    }

    @Test
    void aWindowSwallowedByTheGapOpensTheNextDay() {
        AllowedHours swallowed = AllowedHours.of("02:10", "02:40");
        Instant midnight = LocalDateTime.parse("2025-03-09T00:00").atZone(NEW_YORK).toInstant();
        assertThat(swallowed.nextAllowed(midnight, NEW_YORK))
                .isEqualTo(LocalDateTime.parse("2025-03-10T02:10").atZone(NEW_YORK).toInstant());
    }

    @Test
    void fallBackOpensAtTheFirstOfTwoEqualLocalTimes() {
        // 2025-11-02: New York plays 01:00–02:00 twice (EDT, then EST). 01:30 EDT is 05:30Z.
        AllowedHours window = AllowedHours.of("01:30", "01:45");
        Instant midnight = Instant.parse("2025-11-02T04:00:00Z");
        assertThat(window.nextAllowed(midnight, NEW_YORK)).isEqualTo(Instant.parse("2025-11-02T05:30:00Z"));
    }

    @Test
    void fallBackReopensAWindowTheClockPlaysAgain() {
        // 01:50 EDT is past the window; the replayed hour brings 01:30 back as 01:30 EST (06:30Z).
        AllowedHours window = AllowedHours.of("01:30", "01:45");
        Instant tenToTwoSummerTime = Instant.parse("2025-11-02T05:50:00Z");
        assertThat(window.nextAllowed(tenToTwoSummerTime, NEW_YORK)).isEqualTo(Instant.parse("2025-11-02T06:30:00Z"));
    }

    @Test
    void fallBackCanReenterAWindowThatWrapsMidnight() {
        // Allowed 08:00–01:30. At 01:45 EDT it is quiet, but at 02:00 EDT the clock returns to 01:00 EST.
        AllowedHours lateEvenings = AllowedHours.of("08:00", "01:30");
        Instant quarterToTwoSummerTime = Instant.parse("2025-11-02T05:45:00Z");
        assertThat(lateEvenings.allows(quarterToTwoSummerTime, NEW_YORK)).isFalse();
        assertThat(lateEvenings.nextAllowed(quarterToTwoSummerTime, NEW_YORK))
                .isEqualTo(Instant.parse("2025-11-02T06:00:00Z"));
    }

    @Test
    void aSkippedCalendarDayIsCrossed() {
        // Samoa skipped 2011-12-30 entirely, jumping from UTC-10 to UTC+14.
        ZoneId apia = ZoneId.of("Pacific/Apia");
        Instant lateOnThe29th = LocalDateTime.parse("2011-12-29T22:00").atZone(apia).toInstant();
        Instant opened = AllowedHours.DEFAULT.nextAllowed(lateOnThe29th, apia);
        assertThat(opened.atZone(apia).toLocalDateTime()).isEqualTo(LocalDateTime.parse("2011-12-31T08:00"));
    }

    @Test
    void nextAllowedIsTheEarliestAllowedMinuteAroundEveryTransition() {
        List<ZoneId> zones = List.of(NEW_YORK, ZoneId.of("Europe/London"), ZoneId.of("Australia/Lord_Howe"),
                ZoneId.of("America/Sao_Paulo"), ZoneId.of("Asia/Kolkata"));
        List<AllowedHours> windows = List.of(AllowedHours.DEFAULT, AllowedHours.of("01:30", "02:30"),
                AllowedHours.of("22:30", "02:15"), AllowedHours.of("02:00", "03:00"), AllowedHours.of("23:00", "00:00"));
        Random random = new Random(20250309);
        int checked = 0;
        for (ZoneId zone : zones) {
            for (int year = 2017; year <= 2026; year++) {
                ZonedDateTime from = ZonedDateTime.of(year, 1, 1, 0, 0, 0, 0, zone);
                var transition = zone.getRules().nextTransition(from.toInstant());
                Instant anchor = transition == null ? from.toInstant() : transition.getInstant();
                for (int sample = 0; sample < 6; sample++) {
                    Instant at = anchor.plus(Duration.ofMinutes(random.nextInt(36 * 60) - 18 * 60));
                    for (AllowedHours window : windows) {
                        assertEarliestAllowed(window, at, zone);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(5 * 10 * 6 * 5);
    }

    private static void assertEarliestAllowed(AllowedHours window, Instant at, ZoneId zone) {
        Instant next = window.nextAllowed(at, zone);
        assertThat(next).as("%s from %s in %s", window, at, zone).isAfterOrEqualTo(at);
        assertThat(window.allows(next, zone)).as("%s allows %s in %s", window, next, zone).isTrue();
        for (Instant minute = at; minute.isBefore(next); minute = minute.plusSeconds(60)) {
            assertThat(window.allows(minute, zone))
                    .as("%s already allowed %s before %s in %s", window, minute, next, zone).isFalse();
        }
    }

    @ParameterizedTest(name = "{0} ∩ {1} = {2}")
    @CsvSource({
        "08:00–21:00, 08:00–20:00, 08:00–20:00",
        "08:00–21:00, 09:00–22:00, 09:00–21:00",
        "08:00–21:00, 07:00–23:00, 08:00–21:00",
        "08:00–21:00, 10:00–12:00, 10:00–12:00",
        "22:00–06:00, 23:00–07:00, 23:00–06:00",
        "22:00–06:00, 05:00–23:00, 05:00–06:00",
        "20:00–00:00, 08:00–21:00, 20:00–21:00",
        "18:00–02:00, 22:00–00:00, 22:00–00:00",
    })
    void intersectKeepsWhatBothAllow(String first, String second, String expected) {
        assertThat(window(first).intersect(window(second))).isEqualTo(window(expected));
        assertThat(window(second).intersect(window(first))).isEqualTo(window(expected));
    }

    @Test
    void intersectSplitInTwoKeepsTheLongerStretch() {
        // 06:00–23:00 and 21:00–08:00 overlap twice: 06:00–08:00 and 21:00–23:00 (both 2 h) → the earlier.
        assertThat(window("06:00–23:00").intersect(window("21:00–08:00"))).isEqualTo(window("06:00–08:00"));
        // 06:00–23:00 and 20:00–08:00: 06:00–08:00 (2 h) and 20:00–23:00 (3 h) → the longer.
        assertThat(window("06:00–23:00").intersect(window("20:00–08:00"))).isEqualTo(window("20:00–23:00"));
    }

    @Test
    void disjointWindowsCannotBeIntersected() {
        assertThatThrownBy(() -> window("08:00–12:00").intersect(window("13:00–20:00")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("do not overlap");
    }

    private static AllowedHours window(String range) {
        String[] bounds = range.split("–");
        return AllowedHours.of(bounds[0], bounds[1]);
    }
}
