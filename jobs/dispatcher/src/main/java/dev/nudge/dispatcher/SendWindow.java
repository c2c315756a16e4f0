package dev.nudge.dispatcher;

import dev.nudge.events.SmsIntent;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/** The checks made again at the moment of sending, whatever the engine decided earlier. */
final class SendWindow {

    private SendWindow() {
    }

    /** Why the intent must not be sent at {@code now}, or empty if it may. */
    static Optional<String> blockReason(SmsIntent intent, Instant now) {
        if (now.isAfter(intent.getNotAfter())) {
            return Optional.of("expired at " + intent.getNotAfter());
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(intent.getTimeZone());
        } catch (DateTimeException e) {
            return Optional.of("unknown time zone " + intent.getTimeZone());
        }
        ZonedDateTime local = now.atZone(zone);
        int minute = local.getHour() * 60 + local.getMinute();
        if (insideQuietHours(minute, intent.getQuietStartMinute(), intent.getQuietEndMinute())) {
            return Optional.of("quiet hours in " + zone + " at " + local.toLocalTime());
        }
        return Optional.empty();
    }

    /** Quiet hours run from start to end; start after end wraps past midnight; start == end means none. */
    static boolean insideQuietHours(int minute, int start, int end) {
        if (start == end) {
            return false;
        }
        return start < end ? minute >= start && minute < end : minute >= start || minute < end;
    }
}
