package dev.nudge.benchmark;

import dev.nudge.platform.flink.SingleSplitEnumerator;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A bounded FLIP-27 source of a {@link Feed}, read by one reader, in feed order. It emits a watermark just below each
 * new event time before the record, so a step due before a record fires before the record is seen however fast
 * the run goes, and it paces itself when the feed has a rate. Restoring is not supported: a benchmark run that
 * fails is run again.
 */
final class InMemorySource<T> implements Source<T, InMemorySource.Split, Boolean>, ResultTypeQueryable<T> {

    private static final ScheduledExecutorService PACER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "benchmark-source-pacer");
        thread.setDaemon(true);
        return thread;
    });

    private final TypeInformation<T> type;
    private final String feedId;

    InMemorySource(TypeInformation<T> type, Feed<T> feed) {
        this.type = type;
        this.feedId = feed.id;
    }

    /** A source with nothing to emit; when {@code holdOpen}, it stays open until the job is stopped. */
    static <T> InMemorySource<T> empty(Class<T> type, boolean holdOpen) {
        return new InMemorySource<>(TypeInformation.of(type), Feed.open(List.<T>of()::iterator, record -> Long.MIN_VALUE,
                0, CompletableFuture.completedFuture(null), holdOpen, false));
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return type;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<T, Split> createReader(SourceReaderContext context) {
        return new Reader<>(Feed.get(feedId));
    }

    @Override
    public SplitEnumerator<Split, Boolean> createEnumerator(SplitEnumeratorContext<Split> context) {
        return new SingleSplitEnumerator<>(context, Split::new, false);
    }

    @Override
    public SplitEnumerator<Split, Boolean> restoreEnumerator(SplitEnumeratorContext<Split> context, Boolean assigned) {
        throw new UnsupportedOperationException("a benchmark run is not restored");
    }

    @Override
    public SimpleVersionedSerializer<Split> getSplitSerializer() {
        return new ConstantSerializer<>(new Split());
    }

    @Override
    public SimpleVersionedSerializer<Boolean> getEnumeratorCheckpointSerializer() {
        return new ConstantSerializer<>(true);
    }

    /** The whole feed. */
    static final class Split implements SourceSplit {
        @Override
        public String splitId() {
            return "feed";
        }
    }

    private static final class Reader<T> implements SourceReader<T, Split> {

        private final Feed<T> feed;
        private Iterator<T> records;
        private boolean noMoreSplits;
        private long lastTime = Long.MIN_VALUE;
        private long startNanos;
        private CompletableFuture<Void> available = new CompletableFuture<>();

        Reader(Feed<T> feed) {
            this.feed = feed;
        }

        @Override
        public void start() {}

        @Override
        public InputStatus pollNext(ReaderOutput<T> output) {
            if (records == null) {
                return noMoreSplits ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
            }
            if (!feed.gate.isDone()) {
                available = feed.gate;
                return InputStatus.NOTHING_AVAILABLE;
            }
            if (!records.hasNext()) {
                feed.drained.complete(null);
                if (feed.holdOpen && !feed.released.isDone()) {
                    available = feed.released;
                    return InputStatus.NOTHING_AVAILABLE;
                }
                return InputStatus.END_OF_INPUT;
            }
            long now = System.nanoTime();
            if (startNanos == 0) {
                startNanos = now;
                feed.firstEmitNanos = now;
            }
            if (feed.ratePerSecond > 0) {
                long dueNanos = startNanos + (long) (feed.emitted * 1e9 / feed.ratePerSecond);
                if (dueNanos > now) {
                    CompletableFuture<Void> wake = new CompletableFuture<>();
                    PACER.schedule(() -> wake.complete(null), dueNanos - now, TimeUnit.NANOSECONDS);
                    available = wake;
                    return InputStatus.NOTHING_AVAILABLE;
                }
            }
            T record = records.next();
            long time = feed.eventTime.applyAsLong(record);
            if (time > lastTime) {
                output.emitWatermark(new Watermark(time - 1));
                lastTime = time;
                if (feed.clock != null) {
                    feed.clock.reached(time, now);
                }
            }
            output.collect(record);
            feed.emitted++;
            return InputStatus.MORE_AVAILABLE;
        }

        @Override
        public List<Split> snapshotState(long checkpointId) {
            return records == null ? List.of() : List.of(new Split());
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return available;
        }

        @Override
        public void addSplits(List<Split> splits) {
            records = feed.records.get();
            available.complete(null);
        }

        @Override
        public void notifyNoMoreSplits() {
            noMoreSplits = true;
            available.complete(null);
        }

        @Override
        public void close() {}
    }

    /** The split and the enumerator state carry nothing a benchmark restores. */
    private record ConstantSerializer<V>(V value) implements SimpleVersionedSerializer<V> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(V ignored) {
            return new byte[0];
        }

        @Override
        public V deserialize(int version, byte[] serialized) {
            return value;
        }
    }
}
