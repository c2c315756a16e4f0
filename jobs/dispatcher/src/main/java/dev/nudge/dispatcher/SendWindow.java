package dev.nudge.dispatcher;

import dev.nudge.domain.policy.AllowedHours;
import dev.nudge.domain.policy.ZoneWindow;
import dev.nudge.events.SmsIntent;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checks made again at the moment of sending, whatever the engine decided earlier. Quiet hours are the
 * engine's resolution ({@code QuietHoursPolicy.windowFor}) carried by the intent, one window per place the
 * recipient may be in, judged by the same domain classes: the text goes only when every place allows it.
 */
final class SendWindow {

    private SendWindow() {
    }

    /** Why the intent must not be sent at {@code now}, or empty if it may. */
    static Optional<String> blockReason(SmsIntent intent, Instant now) {
        if (now.isAfter(intent.getNotAfter())) {
            return Optional.of("expired at " + intent.getNotAfter());
        }
        List<ZoneWindow> places = new ArrayList<>();
        try {
            for (dev.nudge.events.ZoneWindow place : placesOf(intent)) {
                if (place.getStartMinute() != place.getEndMinute()) {
                    places.add(new ZoneWindow(ZoneId.of(place.getTimeZone()),
                            new AllowedHours(minute(place.getStartMinute()), minute(place.getEndMinute()))));
                }
            }
        } catch (DateTimeException e) {
            return Optional.of("unknown time zone (" + e.getMessage() + ")");
        }
        return places.stream().filter(place -> !place.allows(now)).findFirst()
                .map(quiet -> "quiet hours in " + quiet.zone() + " at " + now.atZone(quiet.zone()).toLocalTime());
    }

    /** Intents written before the engine named every place carry one zone and its quiet minutes. */
    private static List<dev.nudge.events.ZoneWindow> placesOf(SmsIntent intent) {
        if (!intent.getSendWindows().isEmpty()) {
            return intent.getSendWindows();
        }
        return List.of(new dev.nudge.events.ZoneWindow(intent.getTimeZone(), intent.getQuietEndMinute(),
                intent.getQuietStartMinute()));
    }

    private static LocalTime minute(int minuteOfDay) {
        return LocalTime.ofSecondOfDay(minuteOfDay * 60L % (24 * 3600));
    }
}
