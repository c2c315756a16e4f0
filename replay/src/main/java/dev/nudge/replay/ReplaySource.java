package dev.nudge.replay;

import dev.nudge.platform.flink.SingleSplitEnumerator;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A bounded FLIP-27 source of a fixed list of records, in list order, read by one reader. Two things make a replay
 * exact and repeatable:
 * <ul>
 *   <li>it can wait for its run's references to be loaded and every other input to be finished
 *       ({@link ReplayChannels#referencesLoaded}) before it emits; meanwhile it holds event time at the run's
 *       start watermark, which the sequencer's output reaches only once every other input is done;</li>
 *   <li>given an event-time function, it emits a watermark just below each new record time before the record, so
 *       every step due before a purchase fires before the purchase is seen — as it would have in real time —
 *       however fast the replay runs.</li>
 * </ul>
 *
 * @param <T> what the records become on the way out (e.g. {@code SequencerInput::of})
 */
final class ReplaySource<T> implements Source<T, ReplaySource.Split, Boolean>, ResultTypeQueryable<T> {

    interface Wrap<T> extends Serializable {
        T apply(Object record);
    }

    interface EventTime<T> extends Serializable {
        long of(T record);
    }

    private final Class<T> type;
    private final ArrayList<? extends Serializable> records;
    private final Wrap<T> wrap;
    private final EventTime<T> eventTime;
    private final String gateRunId;

    /**
     * @param type      what the source produces
     * @param records   the records (Avro specific records are serializable)
     * @param eventTime null when the source need not drive event time
     * @param gateRunId the run whose references must be loaded first, or null to emit at once
     */
    ReplaySource(Class<T> type, List<? extends Serializable> records, Wrap<T> wrap, EventTime<T> eventTime,
                 String gateRunId) {
        this.type = type;
        this.records = new ArrayList<>(records);
        this.wrap = wrap;
        this.eventTime = eventTime;
        this.gateRunId = gateRunId;
    }

    static <T> ReplaySource<T> empty(Class<T> type) {
        return new ReplaySource<>(type, List.of(), record -> null, null, null);
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return TypeInformation.of(type);
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<T, Split> createReader(SourceReaderContext context) {
        return new Reader();
    }

    @Override
    public SplitEnumerator<Split, Boolean> createEnumerator(SplitEnumeratorContext<Split> context) {
        return new SingleSplitEnumerator<>(context, () -> new Split(0), false);
    }

    @Override
    public SplitEnumerator<Split, Boolean> restoreEnumerator(SplitEnumeratorContext<Split> context, Boolean assigned) {
        return new SingleSplitEnumerator<>(context, () -> new Split(0), assigned);
    }

    @Override
    public SimpleVersionedSerializer<Split> getSplitSerializer() {
        return new IntSerializer<>(Split::position, Split::new);
    }

    @Override
    public SimpleVersionedSerializer<Boolean> getEnumeratorCheckpointSerializer() {
        return new IntSerializer<>(assigned -> assigned ? 1 : 0, value -> value == 1);
    }

    /** The whole list, from a position on. */
    record Split(int position) implements SourceSplit {
        @Override
        public String splitId() {
            return "all";
        }
    }

    private final class Reader implements SourceReader<T, Split> {

        private Split split;
        private int position;
        private boolean noMoreSplits;
        private long lastTime = Long.MIN_VALUE;
        private boolean startAnnounced;
        private CompletableFuture<Void> available = new CompletableFuture<>();

        @Override
        public void start() {}

        @Override
        public InputStatus pollNext(ReaderOutput<T> output) {
            if (split == null) {
                return noMoreSplits ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
            }
            if (gateRunId != null && !ReplayChannels.of(gateRunId).referencesLoaded.isDone()) {
                if (!startAnnounced) {
                    output.emitWatermark(new Watermark(ReplayChannels.of(gateRunId).startWatermark));
                    startAnnounced = true;
                }
                return InputStatus.NOTHING_AVAILABLE;
            }
            if (position >= records.size()) {
                return noMoreSplits ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
            }
            T record = wrap.apply(records.get(position++));
            if (eventTime != null) {
                long time = eventTime.of(record);
                if (time > lastTime) {
                    output.emitWatermark(new Watermark(time - 1));
                    lastTime = time;
                }
            }
            output.collect(record);
            return InputStatus.MORE_AVAILABLE;
        }

        @Override
        public List<Split> snapshotState(long checkpointId) {
            return split == null ? List.of() : List.of(new Split(position));
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            if (split != null && gateRunId != null) {
                return ReplayChannels.of(gateRunId).referencesLoaded;
            }
            return available;
        }

        @Override
        public void addSplits(List<Split> splits) {
            split = splits.get(0);
            position = split.position();
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

    /** Serializes a split or the enumerator's state as one int. */
    private record IntSerializer<V>(ToInt<V> toInt, FromInt<V> fromInt) implements SimpleVersionedSerializer<V> {

        interface ToInt<V> extends Serializable {
            int apply(V value);
        }

        interface FromInt<V> extends Serializable {
            V apply(int value);
        }

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(V value) {
            return ByteBuffer.allocate(4).putInt(toInt.apply(value)).array();
        }

        @Override
        public V deserialize(int version, byte[] serialized) {
            return fromInt.apply(ByteBuffer.wrap(serialized).getInt());
        }
    }
}
