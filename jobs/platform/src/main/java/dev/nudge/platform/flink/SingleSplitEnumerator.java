package dev.nudge.platform.flink;

import java.util.List;
import java.util.function.Supplier;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * The enumerator of a bounded source read by one reader (in-JVM replays and benchmarks): the first reader gets the
 * one split, every reader learns there are no more, and a split handed back after a failure goes out again. Its
 * checkpointed state is whether the split was handed out.
 */
public final class SingleSplitEnumerator<S extends SourceSplit> implements SplitEnumerator<S, Boolean> {

    private final SplitEnumeratorContext<S> context;
    private final Supplier<S> firstSplit;
    private boolean assigned;

    public SingleSplitEnumerator(SplitEnumeratorContext<S> context, Supplier<S> firstSplit, boolean assigned) {
        this.context = context;
        this.firstSplit = firstSplit;
        this.assigned = assigned;
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<S> splits, int subtaskId) {
        splits.forEach(split -> context.assignSplit(split, subtaskId));
    }

    @Override
    public void addReader(int subtaskId) {
        if (!assigned) {
            context.assignSplit(firstSplit.get(), subtaskId);
            assigned = true;
        }
        context.signalNoMoreSplits(subtaskId);
    }

    @Override
    public Boolean snapshotState(long checkpointId) {
        return assigned;
    }

    @Override
    public void close() {}
}
