package dev.nudge.domain.definition;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** ISO-8601 durations as definitions write them: whole days as P3D, anything else as Java prints it (PT90M → PT1H30M). */
final class Durations {

    private Durations() {}

    static Optional<Duration> parse(String text) {
        try {
            return Optional.of(Duration.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static String format(Duration duration) {
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        if (!duration.isZero() && duration.toSeconds() % Duration.ofDays(1).toSeconds() == 0 && duration.getNano() == 0) {
            return "P" + duration.toDays() + "D";
        }
        return duration.toString();
    }
}
