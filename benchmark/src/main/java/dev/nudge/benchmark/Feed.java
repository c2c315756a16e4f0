package dev.nudge.benchmark;

import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The records one {@link InMemorySource} emits, kept in this JVM (the MiniCluster runs here too) so that millions of
 * records never pass through Java serialization into the job graph. Also what the run learns while it emits: when
 * the first record left, when the feed ran dry, and (if asked) when the stream reached each event time.
 */
final class Feed<T> {

    private static final Map<String, Feed<?>> OPEN = new ConcurrentHashMap<>();

    final String id = UUID.randomUUID().toString();
    final Supplier<Iterator<T>> records;
    final ToLongFunction<T> eventTime;
    /** Records per second; 0 emits as fast as the job takes them. */
    final double ratePerSecond;
    /** The records wait until this completes (e.g. until the definitions are loaded). */
    final CompletableFuture<Void> gate;
    /** Whether the source stays open after the last record, until {@link #release}: the job lives on for a savepoint. */
    final boolean holdOpen;
    final CompletableFuture<Void> released = new CompletableFuture<>();
    final CompletableFuture<Void> drained = new CompletableFuture<>();
    final EmissionClock clock;
    volatile long firstEmitNanos;
    volatile long emitted;

    private Feed(Supplier<Iterator<T>> records, ToLongFunction<T> eventTime, double ratePerSecond,
                 CompletableFuture<Void> gate, boolean holdOpen, boolean trackClock) {
        this.records = records;
        this.eventTime = eventTime;
        this.ratePerSecond = ratePerSecond;
        this.gate = gate;
        this.holdOpen = holdOpen;
        this.clock = trackClock ? new EmissionClock() : null;
    }

    static <T> Feed<T> open(Supplier<Iterator<T>> records, ToLongFunction<T> eventTime, double ratePerSecond,
                            CompletableFuture<Void> gate, boolean holdOpen, boolean trackClock) {
        Feed<T> feed = new Feed<>(records, eventTime, ratePerSecond, gate, holdOpen, trackClock);
        OPEN.put(feed.id, feed);
        return feed;
    }

    /** Emits at once, drives event time, ends when the records do. */
    static <T> Feed<T> of(Iterable<T> records, ToLongFunction<T> eventTime) {
        return open(records::iterator, eventTime, 0, CompletableFuture.completedFuture(null), false, false);
    }

    @SuppressWarnings("unchecked")
    static <T> Feed<T> get(String id) {
        Feed<T> feed = (Feed<T>) OPEN.get(id);
        if (feed == null) {
            throw new IllegalStateException("no open feed " + id);
        }
        return feed;
    }

    void release() {
        released.complete(null);
    }

    void close() {
        release();
        OPEN.remove(id);
    }
}
