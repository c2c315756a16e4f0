package dev.nudge.domain.policy;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The local times of day at which a recipient may be texted: from {@code start} (inclusive) to {@code end}
 * (exclusive). The window wraps midnight when {@code end} is before {@code start} (22:00–02:00); an end of 00:00
 * means "until midnight". Everything outside the window is quiet hours (hence {@link QuietHoursPolicy}, which
 * resolves the allowed hours of each place).
 */
public record AllowedHours(LocalTime start, LocalTime end) implements Serializable {

    /** The federal TCPA window: 08:00 to 21:00 in the recipient's local time. */
    public static final AllowedHours DEFAULT = new AllowedHours(LocalTime.of(8, 0), LocalTime.of(21, 0));

    private static final long DAY_NANOS = 24L * 60 * 60 * 1_000_000_000L;
    // Each step reaches the next window opening or clock change; a day has at most a few of either.
    private static final int MAX_STEPS = 32;

    public AllowedHours {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (start.equals(end)) {
            throw new IllegalArgumentException("an allowed window needs a length, got " + start + "–" + end);
        }
    }

    /** Parses "HH:mm" bounds, e.g. {@code AllowedHours.of("08:00", "20:00")}. */
    public static AllowedHours of(String start, String end) {
        return new AllowedHours(LocalTime.parse(start), LocalTime.parse(end));
    }

    public boolean wrapsMidnight() {
        return end.isBefore(start);
    }

    public boolean allows(LocalTime time) {
        boolean afterStart = !time.isBefore(start);
        boolean beforeEnd = time.isBefore(end);
        return wrapsMidnight() ? afterStart || beforeEnd : afterStart && beforeEnd;
    }

    public boolean allows(Instant at, ZoneId zone) {
        return allows(at.atZone(zone).toLocalTime());
    }

    /**
     * The earliest instant at or after {@code at} whose local time in {@code zone} lies in the window. The local
     * clock can only enter the window when it reaches {@code start} or when it jumps at an offset transition
     * (a DST gap skipping over the start, or an overlap replaying it), so those are the only candidates.
     */
    public Instant nextAllowed(Instant at, ZoneId zone) {
        Instant cursor = at;
        for (int step = 0; step < MAX_STEPS; step++) {
            if (allows(cursor, zone)) {
                return cursor;
            }
            cursor = nextClockEventAfter(cursor, zone);
        }
        throw new IllegalStateException("no allowed time found after " + at + " in " + zone + " for " + this);
    }

    /**
     * The window allowed by both this and {@code other}. When the overlap falls apart into two stretches (two
     * windows wrapping midnight differently), the longer one is kept so the result is still allowed by both.
     *
     * @throws IllegalArgumentException when the windows do not overlap at all
     */
    public AllowedHours intersect(AllowedHours other) {
        List<long[]> pieces = new ArrayList<>();
        for (long[] mine : segments()) {
            for (long[] theirs : other.segments()) {
                long from = Math.max(mine[0], theirs[0]);
                long to = Math.min(mine[1], theirs[1]);
                if (from < to) {
                    pieces.add(new long[] {from, to});
                }
            }
        }
        joinAcrossMidnight(pieces);
        long[] longest = pieces.stream()
                .max(Comparator.<long[]>comparingLong(AllowedHours::length).thenComparingLong(piece -> -piece[0]))
                .orElseThrow(() -> new IllegalArgumentException(this + " and " + other + " do not overlap"));
        return new AllowedHours(LocalTime.ofNanoOfDay(longest[0]), LocalTime.ofNanoOfDay(longest[1] % DAY_NANOS));
    }

    @Override
    public String toString() {
        return start + "–" + end;
    }

    private Instant nextClockEventAfter(Instant at, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        Instant opening = null;
        for (LocalDate day = LocalDate.ofInstant(at, zone).minusDays(1); opening == null; day = day.plusDays(1)) {
            opening = openings(day, rules).stream().filter(candidate -> candidate.isAfter(at)).findFirst().orElse(null);
        }
        ZoneOffsetTransition transition = rules.nextTransition(at);
        return transition != null && transition.getInstant().isBefore(opening) ? transition.getInstant() : opening;
    }

    /** The instants at which the local clock shows {@code start} on {@code day}, in order. */
    private List<Instant> openings(LocalDate day, ZoneRules rules) {
        LocalDateTime local = day.atTime(start);
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            // The start falls into a DST gap: the clock jumps past it at the transition.
            return List.of(rules.getTransition(local).getInstant());
        }
        return offsets.stream().map(local::toInstant).sorted().toList();
    }

    /** This window as non-wrapping [from, to) stretches of nano-of-day. */
    private List<long[]> segments() {
        long from = start.toNanoOfDay();
        long to = end.toNanoOfDay();
        if (!wrapsMidnight()) {
            return List.of(new long[] {from, to});
        }
        return to == 0 ? List.of(new long[] {from, DAY_NANOS}) : List.of(new long[] {from, DAY_NANOS}, new long[] {0, to});
    }

    /** A stretch ending at midnight and one starting at midnight are one window; it is stored as [from, to + day). */
    private static void joinAcrossMidnight(List<long[]> pieces) {
        long[] evening = pieces.stream().filter(piece -> piece[1] == DAY_NANOS).findFirst().orElse(null);
        long[] morning = pieces.stream().filter(piece -> piece[0] == 0).findFirst().orElse(null);
        if (evening != null && morning != null && evening != morning) {
            pieces.remove(evening);
            pieces.remove(morning);
            pieces.add(new long[] {evening[0], DAY_NANOS + morning[1]});
        }
    }

    private static long length(long[] piece) {
        return piece[1] - piece[0];
    }
}
