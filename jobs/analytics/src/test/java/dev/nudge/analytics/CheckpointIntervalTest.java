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

/** The cluster's configuration (a FlinkDeployment's flinkConfiguration) sets the interval unless a flag asks. */
class CheckpointIntervalTest {

    @Test
    void theClustersIntervalStandsWithoutTheFlag() {
        assertThat(intervalAfterBuild(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theFlagOverridesTheClustersInterval() {
        assertThat(intervalAfterBuild(Duration.ofSeconds(30), "--checkpoint-interval", "PT5S"))
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void withoutEitherTheJobStillCheckpoints() {
        // The ClickHouse batches are flushed on checkpoints.
        assertThat(intervalAfterBuild(null)).isEqualTo(Duration.ofSeconds(10));
    }

    private static Duration intervalAfterBuild(Duration configured, String... flags) {
        Configuration cluster = new Configuration();
        if (configured != null) {
            cluster.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, configured);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(cluster);
        AnalyticsSettings settings = AnalyticsSettings.fromArgs(Map.of("NUDGE_HASH_KEY", "a-test-key-of-16-bytes"), flags);
        AnalyticsJob.build(env, AnalyticsJob.kafkaSources(settings, Topics.standard()), AnalyticsJob.clickHouseSinks(
                ClickHouseSinkOptions.builder(settings.clickHouseJdbcUrl()).build(), settings.keyedHash()), settings);
        return Duration.ofMillis(env.getCheckpointConfig().getCheckpointInterval());
    }
}
