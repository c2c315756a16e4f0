package dev.nudge.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecipientWindowTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private final QuietHoursPolicy policy = QuietHoursPolicy.defaults();

    @Test
    void aTimeIsAllowedOnlyWhenEveryPlaceAllowsIt() {
        RecipientWindow window = new RecipientWindow(List.of(
                new ZoneWindow(NEW_YORK, AllowedHours.DEFAULT), new ZoneWindow(CHICAGO, AllowedHours.DEFAULT)));
        assertThat(window.allows(local("2026-01-10T08:30", NEW_YORK))).isFalse();   // 07:30 in Chicago
        assertThat(window.allows(local("2026-01-10T20:30", CHICAGO))).isFalse();    // 21:30 in New York
        assertThat(window.nextAllowed(local("2026-01-10T07:00", NEW_YORK))).contains(local("2026-01-10T08:00", CHICAGO));
        // The night New York's clocks spring forward: still 08:00 Central, now 09:00 Eastern.
        assertThat(window.nextAllowed(local("2026-03-08T01:00", NEW_YORK))).contains(local("2026-03-08T08:00", CHICAGO));
    }

    @Test
    void placesThatNeverAgreeGiveNoTime() {
        AllowedHours tenToFour = AllowedHours.of("10:00", "16:00");
        RecipientWindow window = new RecipientWindow(List.of(new ZoneWindow(NEW_YORK, tenToFour), new ZoneWindow(TOKYO, tenToFour)));
        assertThat(window.nextAllowed(local("2026-06-01T00:00", NEW_YORK))).isEmpty();
    }

    @Test
    void theProfileZoneIsTheOnePlaceButTheNumbersStateHoursStillApply() {
        RecipientWindow window = policy.windowFor("acme", null, "America/Los_Angeles", "+13055550100", NEW_YORK);
        assertThat(window.places()).containsExactly(
                new ZoneWindow(ZoneId.of("America/Los_Angeles"), AllowedHours.of("08:00", "20:00")));
    }

    @Test
    void aTwoZoneNumberHasAPlacePerZoneUnderItsStatesHours() {
        assertThat(policy.windowFor("acme", null, null, "+18505550100", NEW_YORK).places()).containsExactly(
                new ZoneWindow(CHICAGO, AllowedHours.of("08:00", "20:00")),
                new ZoneWindow(NEW_YORK, AllowedHours.of("08:00", "20:00")));
    }

    @Test
    void anUnknownNumberGetsEveryPlaceOfTheBrandsCountryStartingWithTheBrandsZone() {
        RecipientWindow us = policy.withTenantWindow("acme", null, AllowedHours.of("09:00", "21:00"))
                .windowFor("acme", null, "not/a-zone", "+18005550100", NEW_YORK);
        // One place per zone, under the strictest hours of a state with land in it: Kentucky's 10:00 and Rhode
        // Island's 18:00 in Eastern time, Nevada's 20:00 in Pacific time; the brand's own 09:00 everywhere.
        assertThat(us.main()).isEqualTo(new ZoneWindow(NEW_YORK, AllowedHours.of("10:00", "18:00")));
        assertThat(us.places()).contains(
                new ZoneWindow(ZoneId.of("Pacific/Honolulu"), AllowedHours.of("09:00", "21:00")),
                new ZoneWindow(ZoneId.of("America/Los_Angeles"), AllowedHours.of("09:00", "20:00")))
                .extracting(ZoneWindow::zone).doesNotHaveDuplicates().doesNotContain(ZoneId.of("Pacific/Guam"));
        RecipientWindow france = policy.windowFor("acme", null, null, "+18005550100", ZoneId.of("Europe/Paris"));
        assertThat(france.places()).containsExactly(new ZoneWindow(ZoneId.of("Europe/Paris"), AllowedHours.DEFAULT));
    }

    private static Instant local(String localDateTime, ZoneId zone) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }
}
