package dev.nudge.platform.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nudge.devstack.clickhouse.ClickHouseExtension;
import dev.nudge.events.PurchaseEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import dev.nudge.devstack.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ClickHouseSinkITCase {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    /** A stand-in for the analytics job's keyed hash: what the row binder stores is its answer, never the id. */
    private static final CustomerPseudonym PSEUDONYM = (brand, customer) -> "pseudonym-of-" + brand + "/" + customer;

    @RegisterExtension
    static final ClickHouseExtension CH = new ClickHouseExtension()
            .afterStart(server -> Migrations.apply(server.httpUrl(), Path.of(System.getProperty("nudge.root"), "sql")));

    @Test
    void writesTenThousandPurchasesInBatches() throws Exception {
        int count = 10_000;
        StreamExecutionEnvironment env = environment(2);
        env.enableCheckpointing(200);
        env.fromData(PurchaseEvent.class, Purchases.numbered(count).toArray(PurchaseEvent[]::new))
                .uid("purchases").name("Test purchases")
                .sinkTo(new ClickHouseSink<>(options().maxBatchRows(1_000).build(), new PurchaseRows("nudge.purchases", PSEUDONYM)))
                .uid("clickhouse-purchases").name("ClickHouse purchases");

        JobExecutionResult result = env.execute("ClickHouse sink: 10,000 purchases");

        assertThat(CH.server().query("SELECT count(), uniqExact(event_id), sum(total_minor), "
                + "uniqExact(toYYYYMM(event_time)) FROM nudge.purchases"))
                .isEqualTo(count + "\t" + count + "\t" + (100L * count + (long) count * (count - 1) / 2) + "\t2\n");
        List<Map<String, Object>> rows = CH.server().queryJsonEachRow("SELECT event_id, brand_id, location_id, "
                + "customer_hash, order_id, event_time, total_minor, currency, channel, line_count FROM nudge.purchases "
                + "WHERE event_id IN ('evt-000000', 'evt-009999') ORDER BY event_id");
        assertThat(rows).containsExactly(
                Map.of("event_id", "evt-000000", "brand_id", "brand-0", "location_id", "", "customer_hash", "pseudonym-of-brand-0/customer-0",
                        "order_id", "order-0", "event_time", "2026-01-31 12:00:00", "total_minor", 100,
                        "currency", "EUR", "channel", "ONLINE", "line_count", 1),
                Map.of("event_id", "evt-009999", "brand_id", "brand-1", "location_id", "loc-3",
                        "customer_hash", "pseudonym-of-brand-1/customer-99", "order_id", "order-9999", "event_time", "2026-02-07 10:39:00",
                        "total_minor", 10_099, "currency", "EUR", "channel", "OTHER", "line_count", 1));
        assertThat(sum(result.getJobID(), "rowsWritten")).isEqualTo(count);
        assertThat(sum(result.getJobID(), "batchesWritten")).isGreaterThanOrEqualTo(count / 1_000);
        assertThat(sum(result.getJobID(), "failures")).isZero();
    }

    @Test
    void sendsAPartialBatchOnceItsDelayIsUp() throws Exception {
        // No checkpoints and batches of 5,000: only the delay timer can send the trickle's rows.
        JobClient job = startTrickle("nudge.purchases_on_time", options().maxBatchDelay(Duration.ofMillis(200)), 0);
        try {
            awaitRows("nudge.purchases_on_time", 5);
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            assertThat(sum(job.getJobID(), "batchesWritten")).isGreaterThanOrEqualTo(2);
        } finally {
            job.cancel().get(1, TimeUnit.MINUTES);
        }
    }

    @Test
    void checkpointWritesThePartialBatch() throws Exception {
        // Batches of 5,000 and an hour's delay: only a checkpoint's flush can send the trickle's rows.
        JobClient job = startTrickle("nudge.purchases_on_checkpoint", options().maxBatchDelay(Duration.ofHours(1)), 200);
        try {
            awaitRows("nudge.purchases_on_checkpoint", 5);
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get(1, TimeUnit.MINUTES);
        }
    }

    @Test
    void retriesUntilTheTableExists() throws Exception {
        int count = 500;
        StreamExecutionEnvironment env = environment(1);
        env.fromData(PurchaseEvent.class, Purchases.numbered(count).toArray(PurchaseEvent[]::new))
                .uid("purchases").name("Test purchases")
                .sinkTo(new ClickHouseSink<>(options().maxRetries(1_000).initialBackoff(Duration.ofMillis(20))
                        .maxBackoff(Duration.ofMillis(100)).build(), new PurchaseRows("nudge.purchases_late", PSEUDONYM)))
                .uid("clickhouse-purchases-late").name("ClickHouse late purchases");

        JobClient job = env.executeAsync("ClickHouse sink: table created late");
        awaitAtLeastOne(job.getJobID(), "retries");
        CH.server().execute("CREATE TABLE nudge.purchases_late AS nudge.purchases");
        job.getJobExecutionResult().get(2, TimeUnit.MINUTES);

        assertThat(CH.server().query("SELECT count() FROM nudge.purchases_late")).isEqualTo(count + "\n");
        assertThat(sum(job.getJobID(), "retries")).isPositive();
        assertThat(sum(job.getJobID(), "rowsWritten")).isEqualTo(count);
        assertThat(sum(job.getJobID(), "failures")).isZero();
    }

    @Test
    void failsTheJobWhenRetriesRunOut() {
        StreamExecutionEnvironment env = environment(1);
        env.fromData(PurchaseEvent.class, Purchases.numbered(10).toArray(PurchaseEvent[]::new))
                .uid("purchases").name("Test purchases")
                .sinkTo(new ClickHouseSink<>(options().maxRetries(2).initialBackoff(Duration.ofMillis(10)).build(),
                        new PurchaseRows("nudge.no_such_table", PSEUDONYM)))
                .uid("clickhouse-nowhere").name("ClickHouse nowhere");

        assertThatThrownBy(() -> env.execute("ClickHouse sink: no table, fail the job"))
                .hasStackTraceContaining("Could not insert 10 rows into nudge.no_such_table after 2 retries")
                .hasStackTraceContaining("Table nudge.no_such_table doesn't exist");
    }

    @Test
    void dropsTheBatchWhenToldToAndCarriesOn() throws Exception {
        StreamExecutionEnvironment env = environment(1);
        env.fromData(PurchaseEvent.class, Purchases.numbered(10).toArray(PurchaseEvent[]::new))
                .uid("purchases").name("Test purchases")
                .sinkTo(new ClickHouseSink<>(options().maxRetries(1).initialBackoff(Duration.ofMillis(10))
                        .failureStrategy(ClickHouseSinkOptions.FailureStrategy.LOG_AND_DROP).build(),
                        new PurchaseRows("nudge.no_such_table", PSEUDONYM)))
                .uid("clickhouse-nowhere").name("ClickHouse nowhere");

        JobExecutionResult result = env.execute("ClickHouse sink: no table, drop");

        assertThat(sum(result.getJobID(), "failures")).isEqualTo(1);
        assertThat(sum(result.getJobID(), "retries")).isEqualTo(1);
        assertThat(sum(result.getJobID(), "rowsWritten")).isZero();
    }

    /** Ten purchases a second, without end, into a fresh copy of nudge.purchases. */
    private static JobClient startTrickle(String table, ClickHouseSinkOptions.Builder options, long checkpointMillis)
            throws Exception {
        CH.server().execute("CREATE TABLE " + table + " AS nudge.purchases");
        StreamExecutionEnvironment env = environment(1);
        if (checkpointMillis > 0) {
            env.enableCheckpointing(checkpointMillis);
        }
        DataGeneratorSource<PurchaseEvent> trickle = new DataGeneratorSource<>(n -> Purchases.number(n.intValue()),
                Long.MAX_VALUE, RateLimiterStrategy.perSecond(10), TypeInformation.of(PurchaseEvent.class));
        env.fromSource(trickle, WatermarkStrategy.noWatermarks(), "Trickle of purchases").uid("trickle")
                .sinkTo(new ClickHouseSink<>(options.maxBatchRows(5_000).build(), new PurchaseRows(table, PSEUDONYM)))
                .uid("clickhouse-trickle").name("ClickHouse trickle");
        return env.executeAsync("ClickHouse sink: trickle into " + table);
    }

    private static void awaitRows(String table, long rows) {
        Await.until(() -> Long.parseLong(CH.server().query("SELECT count() FROM " + table).trim()) >= rows,
                Duration.ofSeconds(60), rows + " rows in " + table);
    }

    private static StreamExecutionEnvironment environment(int parallelism) {
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        config.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(parallelism);
        return env;
    }

    private static ClickHouseSinkOptions.Builder options() {
        return ClickHouseSinkOptions.builder(CH.server().jdbcUrl());
    }

    /** A sink counter summed over the job's writer subtasks. */
    private static long sum(JobID job, String counter) {
        return METRICS.getMetricsByGroup().entrySet().stream()
                .filter(group -> job.toString().equals(group.getKey().getAllVariables().get("<job_id>")))
                .map(group -> group.getValue().get(counter))
                .filter(Objects::nonNull)
                .mapToLong(metric -> ((Counter) metric).getCount())
                .sum();
    }

    private static void awaitAtLeastOne(JobID job, String counter) {
        Await.until(() -> sum(job, counter) >= 1, Duration.ofSeconds(60), counter + " seen");
    }
}
