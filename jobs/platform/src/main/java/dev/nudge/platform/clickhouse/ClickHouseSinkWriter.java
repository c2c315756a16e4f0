package dev.nudge.platform.clickhouse;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects rows into a batch on the task thread and hands full or timed-out batches to one flushing thread, which
 * inserts them with retries. At most {@code maxInFlightBatches} handed-over batches wait; beyond that the task
 * thread blocks, which back-pressures the job. {@link #flush} waits for all of them, so a checkpoint completes only
 * once its rows are in ClickHouse.
 *
 * <p>The open batch and its delay timer are touched only by the task thread (timers run in its mailbox).
 */
final class ClickHouseSinkWriter<T> implements SinkWriter<T> {

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSinkWriter.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final ClickHouseSinkOptions options;
    private final JdbcBatchInserter<T> inserter;
    private final UnaryOperator<T> elementCopier;
    private final ProcessingTimeService timeService;
    private final ExecutorService flusher;
    private final Semaphore inFlightBatches;
    private final AtomicReference<IOException> flushFailure = new AtomicReference<>();

    private final Counter rowsWritten;
    private final Counter batchesWritten;
    private final Counter retries;
    private final Counter failures;
    private final Counter numRecordsSend;
    private volatile long lastBatchLatencyMs;

    private List<T> openBatch = new ArrayList<>();
    /** Counts batches sent, so a delay timer can tell whether the batch it was set for is still open. */
    private long sentBatches;
    private boolean closed;

    ClickHouseSinkWriter(ClickHouseSinkOptions options, JdbcBatchInserter<T> inserter, UnaryOperator<T> elementCopier,
                         ProcessingTimeService timeService, SinkWriterMetricGroup metrics) {
        this.options = options;
        this.inserter = inserter;
        this.elementCopier = elementCopier;
        this.timeService = timeService;
        this.inFlightBatches = new Semaphore(options.maxInFlightBatches());
        this.flusher = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "clickhouse-sink-" + inserter.table());
            thread.setDaemon(true);
            return thread;
        });
        this.rowsWritten = metrics.counter("rowsWritten");
        this.batchesWritten = metrics.counter("batchesWritten");
        this.retries = metrics.counter("retries");
        this.failures = metrics.counter("failures");
        this.numRecordsSend = metrics.getNumRecordsSendCounter();
        Gauge<Long> lastBatchLatency = () -> lastBatchLatencyMs;
        metrics.gauge("lastBatchLatencyMs", lastBatchLatency);
        metrics.setCurrentSendTimeGauge(lastBatchLatency);
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        rethrowFlushFailure();
        if (openBatch.isEmpty()) {
            startDelayTimer();
        }
        openBatch.add(elementCopier.apply(element));
        if (openBatch.size() >= options.maxBatchRows()) {
            sendOpenBatch();
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        sendOpenBatch();
        inFlightBatches.acquire(options.maxInFlightBatches());
        inFlightBatches.release(options.maxInFlightBatches());
        rethrowFlushFailure();
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        flusher.shutdownNow();
        if (!flusher.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("Flushing thread for {} still busy {} s after close", inserter.table(), CLOSE_TIMEOUT.toSeconds());
        }
        inserter.close();
    }

    private void startDelayTimer() {
        long batchNumber = sentBatches;
        long dueTime = timeService.getCurrentProcessingTime() + options.maxBatchDelay().toMillis();
        timeService.registerTimer(dueTime, time -> {
            if (batchNumber == sentBatches && !closed) {
                sendOpenBatch();
            }
        });
    }

    /** Hands the open batch to the flushing thread, blocking while {@code maxInFlightBatches} are pending. */
    private void sendOpenBatch() throws InterruptedException {
        if (openBatch.isEmpty()) {
            return;
        }
        List<T> batch = openBatch;
        openBatch = new ArrayList<>(Math.min(batch.size(), options.maxBatchRows()));
        sentBatches++;
        inFlightBatches.acquire();
        try {
            flusher.execute(() -> {
                try {
                    writeWithRetries(batch);
                } finally {
                    inFlightBatches.release();
                }
            });
        } catch (RejectedExecutionException e) {
            inFlightBatches.release();
            throw new IllegalStateException("ClickHouse sink for " + inserter.table() + " is closed", e);
        }
    }

    /** Runs on the flushing thread. */
    private void writeWithRetries(List<T> batch) {
        if (flushFailure.get() != null) {
            return; // the job is failing already; later batches will be replayed from the last checkpoint
        }
        long startNanos = System.nanoTime();
        for (int retry = 1; ; retry++) {
            try {
                inserter.insert(batch);
                rowsWritten.inc(batch.size());
                numRecordsSend.inc(batch.size());
                batchesWritten.inc();
                lastBatchLatencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
                return;
            } catch (SQLException | RuntimeException e) {
                if (retry > options.maxRetries()) {
                    giveUp(batch, e);
                    return;
                }
                retries.inc();
                Duration pause = options.backoffBeforeRetry(retry, ThreadLocalRandom.current().nextDouble());
                LOG.warn("Insert of {} rows into {} failed, retry {} of {} in {} ms: {}", batch.size(),
                        inserter.table(), retry, options.maxRetries(), pause.toMillis(), e.toString());
                if (!pauseBeforeRetry(pause)) {
                    return;
                }
            }
        }
    }

    private void giveUp(List<T> batch, Exception cause) {
        failures.inc();
        String message = "Could not insert " + batch.size() + " rows into " + inserter.table() + " after "
                + options.maxRetries() + " retries";
        if (options.failureStrategy() == ClickHouseSinkOptions.FailureStrategy.LOG_AND_DROP) {
            LOG.error("{}; dropping them", message, cause);
        } else {
            flushFailure.compareAndSet(null, new IOException(message, cause));
        }
    }

    /** False when the writer is closing (interrupted). */
    private static boolean pauseBeforeRetry(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void rethrowFlushFailure() throws IOException {
        IOException failure = flushFailure.get();
        if (failure != null) {
            throw failure;
        }
    }
}
