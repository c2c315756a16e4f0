package dev.nudge.domain.engine;

import static dev.nudge.domain.engine.CustomerEngineTest.definition;
import static dev.nudge.domain.engine.EngineDriver.line;
import static dev.nudge.domain.engine.MutableCatalog.item;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Quiet hours for recipients whose place is not certain: each expectation is worked out by hand from the zones and
 * state rules the script names, not from the production resolver.
 */
class RecipientQuietHoursTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    /** 812 covers Indianapolis-time Bloomington and Central-time Evansville. */
    private static final String EVANSVILLE_PHONE = "+18125550100";
    /** 850 covers Central-time Pensacola and Eastern-time Tallahassee, all of it Florida (08:00–20:00). */
    private static final String TALLAHASSEE_PHONE = "+18505550100";
    /** 800 is toll-free: no place at all. */
    private static final String NOWHERE_PHONE = "+18005550100";

    private static final String THANKS_AFTER_30_MINUTES = definition("thanks", """
            trigger: {type: CHECKOUT}
            steps:
              - delay: {after: PT30M}
                templates: {en-US: "Hi {firstName}, thanks!"}
            reentry: {policy: NEVER}
            """);

    @Test
    void aTwoZoneAreaCodeWaitsUntilEightInItsLaterZone() {
        // Due 08:00 Eastern = 07:00 in Evansville: the text waits for 08:00 Central = 09:00 Eastern.
        OutboundText text = firstTextAfterCheckoutAt(EVANSVILLE_PHONE, local("2026-06-03T07:30", NEW_YORK));
        assertThat(text.createdAt()).isEqualTo(local("2026-06-03T08:00", CHICAGO));
    }

    @Test
    void aPanhandleNumberStopsAtFloridasEightPmInTheEasternPart() {
        // Due 19:15 Central = 20:15 Eastern, after Florida's 20:00 in Tallahassee: next morning, 08:00 Central
        // (09:00 Eastern) being the first minute inside 08:00–20:00 in both zones.
        OutboundText text = firstTextAfterCheckoutAt(TALLAHASSEE_PHONE, local("2026-06-03T18:45", CHICAGO));
        assertThat(text.createdAt()).isEqualTo(local("2026-06-04T08:00", CHICAGO));
    }

    @Test
    void anUnknownZoneWaitsForTheStrictestWindowOfTheBrandsCountry() {
        // Due 08:00 in New York, which is 05:00 in Los Angeles and 02:00 in Honolulu: 14:00 in New York at the
        // earliest (08:00 in Honolulu).
        OutboundText text = firstTextAfterCheckoutAt(NOWHERE_PHONE, local("2026-06-03T07:30", NEW_YORK));
        assertThat(text.createdAt()).isEqualTo(firstMinuteAllowedEverywhereInTheUs(local("2026-06-03T08:00", NEW_YORK)));
    }

    /**
     * An independent model of "the strictest window of the US": each zone of the 50 states and DC under the
     * strictest hours of a state that has land in it (Kentucky from 10:00 in Eastern and Central time, Rhode Island
     * until 18:00 Eastern, Florida and others until 20:00 Central, New Mexico from 09:00 and Nevada's West Wendover
     * until 20:00 Mountain, Nevada 09:00–20:00 Pacific), the federal 08:00–21:00 elsewhere.
     */
    private static Instant firstMinuteAllowedEverywhereInTheUs(Instant from) {
        Map<String, LocalTime[]> strictest = Map.of(
                "America/New_York", hours(10, 18), "America/Chicago", hours(10, 20),
                "America/Denver", hours(9, 20), "America/Phoenix", hours(8, 21), "America/Boise", hours(8, 21),
                "America/Los_Angeles", hours(9, 20), "America/Anchorage", hours(8, 21),
                "America/Adak", hours(8, 21), "Pacific/Honolulu", hours(8, 21));
        for (Instant at = from; ; at = at.plusSeconds(60)) {
            Instant candidate = at;
            boolean everywhere = strictest.entrySet().stream().allMatch(zone -> {
                LocalTime local = candidate.atZone(ZoneId.of(zone.getKey())).toLocalTime();
                return !local.isBefore(zone.getValue()[0]) && local.isBefore(zone.getValue()[1]);
            });
            if (everywhere) {
                return candidate;
            }
        }
    }

    private static LocalTime[] hours(int from, int until) {
        return new LocalTime[] {LocalTime.of(from, 0), LocalTime.of(until, 0)};
    }

    private static OutboundText firstTextAfterCheckoutAt(String phone, Instant checkout) {
        EngineDriver driver = new EngineDriver(EngineSettings.defaults(), "c-1", checkout.minusSeconds(3600));
        driver.catalog().put(item("TEA", "tea", 1500));
        driver.publish(THANKS_AFTER_30_MINUTES);
        driver.grantConsent(phone);
        driver.advanceTo(checkout);
        driver.purchase("order-1", line("TEA", "tea", 1, 1500));
        driver.advanceTo(checkout.plusSeconds(3 * 24 * 3600));
        assertThat(driver.texts()).hasSize(1);
        return driver.texts().get(0);
    }

    private static Instant local(String localDateTime, ZoneId zone) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }
}
