package dev.nudge.domain.definition;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * When a step is due. Whole days count as calendar days in the recipient's zone, so a text keeps its local hour
 * across daylight-saving changes; the part below a day is exact elapsed time. A due time is never earlier than
 * the reference.
 */
public sealed interface Delay {

    /**
     * @param reference the trigger time for the first step, the previous step's due or send time for later steps
     * @param zone      the recipient's time zone
     * @param runOutAt  when the replenished item runs out; only {@link BeforeRunOut} needs it, may be null otherwise
     */
    Instant dueAt(Instant reference, ZoneId zone, Instant runOutAt);

    static Delay after(Duration duration) {
        return new After(duration);
    }

    static Delay nextDayAt(LocalTime time) {
        return new NextDayAt(time);
    }

    static Delay beforeRunOut(Duration duration) {
        return new BeforeRunOut(duration);
    }

    /** A fixed time after the reference. */
    record After(Duration duration) implements Delay {
        @Override
        public Instant dueAt(Instant reference, ZoneId zone, Instant runOutAt) {
            return latest(reference, shift(reference, zone, duration));
        }
    }

    /** The local day after the reference's local day, at this wall-clock time (shifted forward if it falls in a DST gap). */
    record NextDayAt(LocalTime time) implements Delay {
        public NextDayAt {
            time = time == null ? null : time.truncatedTo(ChronoUnit.MINUTES);
        }

        @Override
        public Instant dueAt(Instant reference, ZoneId zone, Instant runOutAt) {
            var nextDay = reference.atZone(zone).toLocalDate().plusDays(1);
            return ZonedDateTime.of(nextDay, time, zone).toInstant();
        }
    }

    /** This long before the replenished item runs out. */
    record BeforeRunOut(Duration duration) implements Delay {
        @Override
        public Instant dueAt(Instant reference, ZoneId zone, Instant runOutAt) {
            if (runOutAt == null) {
                throw new IllegalArgumentException("beforeRunOut needs the run-out time of a REPLENISHMENT_DUE trigger");
            }
            return latest(reference, shift(runOutAt, zone, duration.negated()));
        }
    }

    private static Instant shift(Instant from, ZoneId zone, Duration by) {
        long days = by.toDays();
        Duration rest = by.minusDays(days);
        return from.atZone(zone).plusDays(days).plus(rest).toInstant();
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
