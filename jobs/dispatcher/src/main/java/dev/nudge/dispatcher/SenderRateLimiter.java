package dev.nudge.dispatcher;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Spaces the calls for each sender evenly: at most {@code perSecond} a second, no bursts. Several instances share a
 * sender's budget by the share of the outbox each owns ({@link #share}): together they stay within it.
 */
final class SenderRateLimiter {

    private final double perSecond;
    private volatile long intervalNanos;
    private final Map<String, long[]> nextFreeBySender = new ConcurrentHashMap<>();

    SenderRateLimiter(double perSecond) {
        this.perSecond = perSecond;
        this.intervalNanos = (long) (1_000_000_000L / perSecond);
    }

    /** This instance may use {@code fraction} (0 < fraction <= 1) of each sender's budget from now on. */
    void share(double fraction) {
        if (fraction > 0) {
            intervalNanos = (long) (1_000_000_000L / (perSecond * Math.min(1, fraction)));
        }
    }

    /** Blocks until this sender may make its next call. */
    void acquire(String sender) {
        long[] nextFree = nextFreeBySender.computeIfAbsent(sender, ignored -> new long[] {System.nanoTime()});
        long wait;
        synchronized (nextFree) {
            long now = System.nanoTime();
            long slot = Math.max(now, nextFree[0]);
            nextFree[0] = slot + intervalNanos;
            wait = slot - now;
        }
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
