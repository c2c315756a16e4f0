package dev.nudge.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.events.SmsIntent;
import dev.nudge.events.ZoneWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The send-time quiet-hours check holds in every place the intent says the recipient may be in. */
class SendWindowTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    /** An Evansville number: Indianapolis time first, Central time too, 08:00–21:00 in both. */
    private static SmsIntent evansville(Instant decided) {
        return Intents.intent("i-1", "c-1", "+18125550101")
                .setCreatedAt(decided)
                .setNotAfter(decided.plus(Duration.ofDays(1)))
                .setTimeZone("America/Indiana/Indianapolis")
                .setQuietStartMinute(21 * 60)
                .setQuietEndMinute(8 * 60)
                .setSendWindows(List.of(new ZoneWindow("America/Indiana/Indianapolis", 8 * 60, 21 * 60),
                        new ZoneWindow("America/Chicago", 8 * 60, 21 * 60)))
                .build();
    }

    @Test
    void aTextIsHeldUntilEveryZoneOfTheRecipientAllowsIt() {
        Instant sevenCentral = local("2026-06-03T07:00", CHICAGO);
        assertThat(SendWindow.blockReason(evansville(sevenCentral), sevenCentral))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("quiet hours").contains("America/Chicago"));
        Instant eightCentral = local("2026-06-03T08:00", CHICAGO);
        assertThat(SendWindow.blockReason(evansville(sevenCentral), eightCentral)).isEmpty();
        Instant nineEastern = local("2026-06-03T21:00", NEW_YORK);
        assertThat(SendWindow.blockReason(evansville(sevenCentral), nineEastern))
                .hasValueSatisfying(reason -> assertThat(reason).contains("America/Indiana/Indianapolis"));
    }

    @Test
    void anIntentWithoutPlacesIsCheckedInItsOneZone() {
        Instant sevenEastern = local("2026-06-03T07:00", NEW_YORK);
        SmsIntent before = SmsIntent.newBuilder(evansville(sevenEastern)).setSendWindows(List.of()).build();
        assertThat(SendWindow.blockReason(before, sevenEastern)).isPresent();
        assertThat(SendWindow.blockReason(before, local("2026-06-03T08:00", NEW_YORK))).isEmpty();
    }

    @Test
    void anUnknownZoneBlocks() {
        Instant noon = local("2026-06-03T12:00", NEW_YORK);
        SmsIntent broken = SmsIntent.newBuilder(evansville(noon))
                .setSendWindows(List.of(new ZoneWindow("Mars/Olympus_Mons", 8 * 60, 21 * 60))).build();
        assertThat(SendWindow.blockReason(broken, noon))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("unknown time zone"));
    }

    private static Instant local(String localDateTime, ZoneId zone) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }
}
