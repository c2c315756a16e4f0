package dev.nudge.domain.policy;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How often one recipient may be texted, across all sequences. Every recorded send counts, including ones
 * recorded for later than the asked time (reserved slots). All windows are rolling: a send stops counting
 * exactly one window length after it went out.
 *
 * @param minGap              least time between two texts (default 4 h)
 * @param maxPerDay           texts per rolling 24 h (default 1)
 * @param maxPerWeek          texts per rolling 7 days (default 3); at most {@link SendHistory#CAPACITY}
 * @param maxPerSubjectPerDay texts about the same subject per rolling 24 h, or null for no such cap (default)
 */
public record ContactCaps(Duration minGap, int maxPerDay, int maxPerWeek, Integer maxPerSubjectPerDay) implements Serializable {

    public static final ContactCaps DEFAULTS = new ContactCaps(Duration.ofHours(4), 1, 3, null);

    private static final Duration DAY = Duration.ofHours(24);
    private static final Duration WEEK = Duration.ofDays(7);

    public ContactCaps {
        Objects.requireNonNull(minGap, "minGap");
        if (minGap.isNegative()) {
            throw new IllegalArgumentException("minGap must not be negative: " + minGap);
        }
        requireAtLeastOne("maxPerDay", maxPerDay);
        requireAtLeastOne("maxPerWeek", maxPerWeek);
        if (maxPerWeek > SendHistory.CAPACITY) {
            throw new IllegalArgumentException("maxPerWeek " + maxPerWeek + " exceeds the "
                    + SendHistory.CAPACITY + " sends a history keeps");
        }
        if (maxPerSubjectPerDay != null) {
            requireAtLeastOne("maxPerSubjectPerDay", maxPerSubjectPerDay);
        }
    }

    /**
     * Whether a text about {@code subject} may go out at {@code at}. Caps only loosen as time passes, so the
     * latest of the per-cap earliest instants satisfies all of them at once.
     */
    public CapDecision check(Instant at, String subject, SendHistory history) {
        long asked = at.toEpochMilli();
        List<Long> all = history.sendTimes();
        Map<DeferralReason, Long> earliestByCap = new EnumMap<>(DeferralReason.class);
        earliestByCap.put(DeferralReason.MIN_GAP, all.isEmpty() ? asked : all.get(all.size() - 1) + minGap.toMillis());
        earliestByCap.put(DeferralReason.DAILY_CAP, earliestUnderCap(all, DAY, maxPerDay, asked));
        earliestByCap.put(DeferralReason.WEEKLY_CAP, earliestUnderCap(all, WEEK, maxPerWeek, asked));
        if (subject != null && maxPerSubjectPerDay != null) {
            earliestByCap.put(DeferralReason.SUBJECT_CAP,
                    earliestUnderCap(history.sendTimesAbout(subject), DAY, maxPerSubjectPerDay, asked));
        }
        // max keeps the first of equals, so ties name the cap listed first in DeferralReason.
        return earliestByCap.entrySet().stream()
                .filter(cap -> cap.getValue() > asked)
                .max(Map.Entry.comparingByValue())
                .map(cap -> CapDecision.block(cap.getKey(), Instant.ofEpochMilli(cap.getValue())))
                .orElseGet(() -> CapDecision.allow(at));
    }

    /**
     * The first instant at or after {@code asked} at which fewer than {@code max} of the ascending {@code times}
     * lie within the trailing {@code window}.
     */
    private static long earliestUnderCap(List<Long> times, Duration window, int max, long asked) {
        long windowMillis = window.toMillis();
        List<Long> counting = times.stream().filter(time -> time + windowMillis > asked).toList();
        if (counting.size() < max) {
            return asked;
        }
        // Once the oldest (size - max + 1) of them have aged out, one slot is free.
        return counting.get(counting.size() - max) + windowMillis;
    }

    private static void requireAtLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
