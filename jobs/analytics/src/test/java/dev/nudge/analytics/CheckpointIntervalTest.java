package dev.nudge.analytics;

import dev.nudge.platform.clickhouse.ClickHouseSinkOptions;
import dev.nudge.platform.topics.Topics;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The job keeps the cluster's checkpoint interval when no --checkpoint-interval is given (CheckpointingTest: the rule). */
class CheckpointIntervalTest {

    @Test
    void theJobKeepsTheClustersInterval() {
        Configuration cluster = new Configuration();
        cluster.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(30));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(cluster);
        AnalyticsSettings settings = AnalyticsSettings.fromArgs(Map.of("NUDGE_HASH_KEY", "a-test-key-of-16-bytes"));
        AnalyticsJob.build(env, AnalyticsJob.kafkaSources(settings, Topics.standard()), AnalyticsJob.clickHouseSinks(
                ClickHouseSinkOptions.builder(settings.clickHouseJdbcUrl()).build(), settings.keyedHash()), settings);
        assertThat(env.getCheckpointConfig().getCheckpointInterval()).isEqualTo(30_000);
    }
}
