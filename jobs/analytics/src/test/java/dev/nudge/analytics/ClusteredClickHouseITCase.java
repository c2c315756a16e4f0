package dev.nudge.analytics;

import dev.nudge.devstack.clickhouse.ClickHouseCluster;
import dev.nudge.devstack.clickhouse.ClickHouseServer;
import dev.nudge.events.Decision;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SequenceDefinition;
import dev.nudge.events.SmsIntent;
import dev.nudge.platform.clickhouse.ClickHouseHttp;
import dev.nudge.platform.clickhouse.ClickHouseLogin;
import dev.nudge.platform.clickhouse.ClickHouseSinkOptions;
import dev.nudge.platform.clickhouse.Migrations;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analytics job on a ClickHouse cluster: two {@code clickhouse-server} shards and ZooKeeper, the schema's cluster
 * form applied by the migration runner, the job writing through the Distributed tables as a user with a password.
 * The same input goes once to one server and twice to the cluster (a retried run writes every row again, as the
 * at-least-once sink may); then every analyst query must answer on the cluster exactly as on the one server, each
 * shard must hold part of every fact table, and every shard's tables must be replicated.
 */
class ClusteredClickHouseITCase {

    private static final String CLUSTER = "nudge";
    private static final ClickHouseLogin WRITER = new ClickHouseLogin("analytics", "analytics-s3cret", null);
    private static final List<String> FACT_TABLES = List.of("decisions", "messages", "engagements", "conversions",
            "purchases");

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    private static ClickHouseCluster cluster;
    private static ClickHouseServer single;

    @BeforeAll
    static void startClickHouse() {
        single = ClickHouseServer.startWithUser(WRITER.user(), WRITER.password());
        cluster = ClickHouseCluster.start(CLUSTER, 2, WRITER.user(), WRITER.password());
    }

    @AfterAll
    static void stopClickHouse() {
        if (cluster != null) {
            cluster.close();
        }
        if (single != null) {
            single.close();
        }
    }

    @Test
    void theJobWritesThroughTheClusterAndEveryAnalystQueryAnswersAsOnOneServer() throws Exception {
        Scenario scenario = new Scenario();
        Migrations.apply(new ClickHouseHttp(single.httpUrl(), WRITER), AnalystQueries.ROOT.resolve("sql"), null,
                migration -> { });
        ClickHouseServer shard1 = cluster.shards().get(0);
        ClickHouseServer shard2 = cluster.shards().get(1);
        Migrations.apply(new ClickHouseHttp(shard1.httpUrl(), WRITER), AnalystQueries.ROOT.resolve("sql"), CLUSTER,
                migration -> { });

        runTheJob(scenario, single.jdbcUrl(), ClickHouseSinkOptions.DEFAULT_MAX_BATCH_ROWS);
        // Through the second shard, and twice: the rows a retried run writes again must not count twice. The retry
        // sends them in other batches, as a restarted job may (replicated tables drop a batch identical to one they
        // already hold by themselves, so the same batches would not test the sharding).
        runTheJob(scenario, shard2.jdbcUrl(), ClickHouseSinkOptions.DEFAULT_MAX_BATCH_ROWS);
        runTheJob(scenario, shard2.jdbcUrl(), 1);

        for (String table : FACT_TABLES) {
            long onOneServer = count(single, "SELECT count() FROM nudge." + table);
            assertThat(onOneServer).as(table).isPositive();
            for (ClickHouseServer shard : cluster.shards()) {
                assertThat(count(shard, "SELECT count() FROM nudge." + table + "_local"))
                        .as("rows of %s on shard %s", table, shard.httpUrl()).isPositive();
                assertThat(shard.query("SELECT engine FROM system.tables WHERE database = 'nudge' AND name = '"
                        + table + "_local'")).as(table).startsWith("Replicated");
            }
        }
        // Rows written twice, so the queries below must fold duplicates that arrived through another server.
        assertThat(count(shard1, "SELECT count() FROM nudge.conversions"))
                .isGreaterThan(count(single, "SELECT count() FROM nudge.conversions"));
        Map<String, String> queries = AnalystQueries.all();
        assertThat(queries).hasSizeGreaterThanOrEqualTo(12);
        queries.keySet().forEach(name -> {
            String sql = AnalystQueries.bound(name, AnalystQueries.MARCH) + "\nFORMAT TabSeparatedWithNames";
            String onOneServer = single.query(sql);
            assertThat(onOneServer.lines().count()).as("%s has rows to compare", name).isGreaterThan(1);
            for (ClickHouseServer shard : cluster.shards()) {
                assertThat(shard.query(sql)).as("%s through %s", name, shard.httpUrl()).isEqualTo(onOneServer);
            }
        });
    }

    /** The analytics job over the scenario's events, as {@link #WRITER}, until its bounded sources end. */
    private static void runTheJob(Scenario scenario, String jdbcUrl, int maxBatchRows) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        AnalyticsSettings settings = AnalyticsSettings.defaults("test-only-hash-key-0123456789");
        AnalyticsJob.Sources sources = new AnalyticsJob.Sources(
                bounded(Decision.class, scenario.decisions), bounded(SmsIntent.class, scenario.texts),
                bounded(EngagementEvent.class, scenario.engagements), bounded(PurchaseEvent.class, scenario.purchases),
                bounded(SequenceDefinition.class, List.of(definition())));
        AnalyticsJob.build(env, sources, AnalyticsJob.clickHouseSinks(
                ClickHouseSinkOptions.builder(jdbcUrl).login(WRITER).maxBatchRows(maxBatchRows).build(),
                settings.keyedHash()), settings);
        env.execute("analytics into " + jdbcUrl);
    }

    /** The scenario's sequence, as published: a 30% hold-out and a 3-day window. */
    private static SequenceDefinition definition() throws IOException {
        String yaml = Files.readString(AnalystQueries.ROOT.resolve("sequences/coffee-checkout-addon.yaml"))
                .replace("id: coffee-checkout-addon", "id: " + Scenario.SEQUENCE)
                .replace("holdoutPercent: 10", "holdoutPercent: 30");
        return new SequenceDefinition(Scenario.SEQUENCE, 1, Events.BRAND, Scenario.day(-1), yaml);
    }

    private static <T extends SpecificRecordBase> Source<T, ?, ?> bounded(Class<T> type, List<T> records) {
        List<T> copy = new ArrayList<>(records);
        return new DataGeneratorSource<>(index -> copy.get(index.intValue()), copy.size(),
                RateLimiterStrategy.noOp(), new AvroTypeInfo<>(type));
    }

    private static long count(ClickHouseServer server, String sql) {
        return Long.parseLong(server.query(sql).trim());
    }
}
