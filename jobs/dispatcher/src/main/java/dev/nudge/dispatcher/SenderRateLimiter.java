package dev.nudge.dispatcher;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/** Spaces the calls for each sender evenly: at most {@code perSecond} a second, no bursts. */
final class SenderRateLimiter {

    private final long intervalNanos;
    private final Map<String, long[]> nextFreeBySender = new ConcurrentHashMap<>();

    SenderRateLimiter(double perSecond) {
        this.intervalNanos = (long) (1_000_000_000L / perSecond);
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
