package dev.nudge.devstack.twilio;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.function.Predicate;

/**
 * The {@code DateSent}, {@code DateSent<} and {@code DateSent>} list filters. Twilio documents them for GMT dates
 * ({@code DateSent<} = on or before, {@code DateSent>} = on or after); the SDK sends date-times
 * ({@code yyyy-MM-dd'T'HH:mm:ss}, UTC), which the fake compares at second precision, bounds included.
 */
final class DateSentFilter {

    /** A filter value as a time span: a whole GMT day for a date, one second for a date-time. */
    private record Span(Instant start, Instant endExclusive) {

        boolean contains(Instant instant) {
            return !instant.isBefore(start) && instant.isBefore(endExclusive);
        }
    }

    private DateSentFilter() {
    }

    /** @throws DateTimeParseException if a filter value is not a date or date-time */
    static Predicate<FakeMessage> of(ApiRequest request) {
        String exactly = request.queryParam("DateSent");
        String onOrBefore = request.queryParam("DateSent<");
        String onOrAfter = request.queryParam("DateSent>");
        if (exactly == null && onOrBefore == null && onOrAfter == null) {
            return message -> true;
        }
        Predicate<Instant> accepted = instant -> true;
        if (exactly != null) {
            accepted = accepted.and(parse(exactly)::contains);
        }
        if (onOrBefore != null) {
            Span upper = parse(onOrBefore);
            accepted = accepted.and(instant -> instant.isBefore(upper.endExclusive()));
        }
        if (onOrAfter != null) {
            Span lower = parse(onOrAfter);
            accepted = accepted.and(instant -> !instant.isBefore(lower.start()));
        }
        Predicate<Instant> filter = accepted;
        return message -> message.dateSent() != null && filter.test(message.dateSent());
    }

    private static Span parse(String text) {
        if (text.length() == 10) {
            Instant day = LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            return new Span(day, day.plus(1, ChronoUnit.DAYS));
        }
        Instant second = parseDateTime(text).truncatedTo(ChronoUnit.SECONDS);
        return new Span(second, second.plusSeconds(1));
    }

    private static Instant parseDateTime(String text) {
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notLocal) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notIso) {
                return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            }
        }
    }
}
