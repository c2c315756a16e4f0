package dev.nudge.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.Set;

/**
 * When people shop, relative to an average hour: a daily cycle in local time (quiet nights, a morning bump, the
 * peak in the evening 18:00–22:00), a weekly one (weekends busier) and a few promotion days (every customer's
 * local date, busier by the config's {@code promoBoost}).
 */
final class ActivityCycles {

    /** Local hour 0..23 → relative activity, before scaling to a mean of 1. */
    private static final double[] HOURLY = {0.15, 0.08, 0.05, 0.04, 0.05, 0.12, 0.35, 0.7, 0.9, 0.85, 0.8, 0.85,
            0.95, 0.85, 0.75, 0.75, 0.85, 1.1, 1.6, 1.9, 2.0, 1.7, 1.0, 0.45};
    /** Monday..Sunday. */
    private static final double[] WEEKLY = {0.9, 0.9, 0.95, 1.0, 1.1, 1.3, 1.25};

    private final double[] hourly = new double[24];
    private final Set<LocalDate> promoDates = new HashSet<>();
    private final double promoBoost;
    private final double peak;

    ActivityCycles(SimulationConfig config) {
        double sum = 0;
        for (double weight : HOURLY) {
            sum += weight;
        }
        double maxHour = 0;
        for (int hour = 0; hour < 24; hour++) {
            hourly[hour] = HOURLY[hour] * 24 / sum;
            maxHour = Math.max(maxHour, hourly[hour]);
        }
        double maxDay = 0;
        for (double weight : WEEKLY) {
            maxDay = Math.max(maxDay, weight);
        }
        promoBoost = config.promoBoost();
        peak = maxHour * maxDay * promoBoost;

        // Promotions never fall on the first day: the demo starts quiet.
        RandomSource random = RandomSource.of(config.seed()).derive("promotions");
        LocalDate firstDay = config.start().atOffset(ZoneOffset.UTC).toLocalDate();
        while (promoDates.size() < Math.min(config.promoDays(), config.days() - 1)) {
            promoDates.add(firstDay.plusDays(1 + random.nextInt(config.days() - 1)));
        }
    }

    /** The activity at {@code at} for someone in {@code zone}, relative to an average hour. */
    double factor(Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        double factor = hourly[local.getHour()] * WEEKLY[local.getDayOfWeek().getValue() - 1];
        return promoDates.contains(local.toLocalDate()) ? factor * promoBoost : factor;
    }

    /** No instant's {@link #factor} is higher: the ceiling for thinning. */
    double peak() {
        return peak;
    }

    /** A local hour drawn in proportion to the daily cycle. */
    int sampleHour(RandomSource random) {
        return random.weightedIndex(hourly);
    }

    /** The promotion days, by the customers' local dates. */
    Set<LocalDate> promoDates() {
        return Set.copyOf(promoDates);
    }
}
