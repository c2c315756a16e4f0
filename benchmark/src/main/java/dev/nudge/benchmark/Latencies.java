package dev.nudge.benchmark;

import java.util.Arrays;

/** Latencies in nanoseconds, recorded from several sink threads, and their percentiles. */
final class Latencies {

    private long[] values = new long[1 << 12];
    private int size;

    synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized int count() {
        return size;
    }

    /** The {@code percentile} (0–100) in milliseconds, nearest rank; NaN when nothing was recorded. */
    synchronized double percentileMillis(double percentile) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100 * size);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
