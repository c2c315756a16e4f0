package dev.nudge.platform.clickhouse;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes elements as rows into one ClickHouse table through clickhouse-jdbc, in batched
 * {@code INSERT INTO table (columns) VALUES (?, ...)} statements.
 *
 * <p>At-least-once: every checkpoint waits until all rows received before it are written, so a restart may write
 * some rows twice. Give the table a ReplacingMergeTree keyed on an event id to fold those repeats.
 *
 * <p>Metrics on the writer's group: counters {@code rowsWritten}, {@code batchesWritten}, {@code retries},
 * {@code failures} (batches given up on) and gauge {@code lastBatchLatencyMs} (time to write the last batch, retries
 * included).
 */
public final class ClickHouseSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    private final ClickHouseSinkOptions options;
    private final RowBinder<T> binder;

    public ClickHouseSink(ClickHouseSinkOptions options, RowBinder<T> binder) {
        this.options = Objects.requireNonNull(options, "options");
        this.binder = Objects.requireNonNull(binder, "binder");
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new ClickHouseSinkWriter<>(options, new JdbcBatchInserter<>(options, binder), elementCopier(context),
                context.getProcessingTimeService(), context.metricGroup());
    }

    /** Rows wait in a batch after write() returns, so with object reuse each element must be copied. */
    private static <T> UnaryOperator<T> elementCopier(WriterInitContext context) {
        if (!context.isObjectReuseEnabled()) {
            return UnaryOperator.identity();
        }
        TypeSerializer<T> serializer = context.createInputSerializer();
        return serializer::copy;
    }
}
