package dev.nudge.benchmark;

import java.util.Arrays;

/**
 * When (wall clock) the stream reached each event time. A step due at event time T is due, in wall-clock terms, when
 * the first record after T leaves the source: that record's watermark is the first to pass T. A decision about an
 * input at T is due when that input left. The difference between a record's arrival somewhere downstream and this
 * instant is how late it is.
 */
final class EmissionClock {

    /** No record has reached that time. */
    static final long NONE = Long.MIN_VALUE;

    private long[] times = new long[1 << 16];
    private long[] nanos = new long[1 << 16];
    private int size;

    /** Called by the source for each record whose event time is later than every earlier one. */
    synchronized void reached(long eventTime, long wallNanos) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        times[size] = eventTime;
        nanos[size] = wallNanos;
        size++;
    }

    /** When the first record at or after {@code eventTime} left; {@link #NONE} when none has (yet). */
    synchronized long reachedAtOrAfter(long eventTime) {
        return at(eventTime);
    }

    /** When the first record strictly after {@code eventTime} left (its watermark passed it); {@link #NONE} when none has. */
    synchronized long passed(long eventTime) {
        return eventTime == Long.MAX_VALUE ? NONE : at(eventTime + 1);
    }

    private long at(long eventTime) {
        int index = Arrays.binarySearch(times, 0, size, eventTime);
        if (index < 0) {
            index = -index - 1;
        }
        return index < size ? nanos[index] : NONE;
    }
}
