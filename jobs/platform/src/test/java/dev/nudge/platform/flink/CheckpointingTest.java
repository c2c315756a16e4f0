package dev.nudge.platform.flink;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The cluster's configuration (a FlinkDeployment's flinkConfiguration) sets the interval unless a flag asks. */
class CheckpointingTest {

    @Test
    void theClustersIntervalStandsWithoutTheFlag() {
        assertThat(intervalAfter(Duration.ofSeconds(30), null)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theFlagOverridesTheClustersInterval() {
        assertThat(intervalAfter(Duration.ofSeconds(30), Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void withoutEitherTheJobStillCheckpoints() {
        // Transactional and flushing sinks only make progress on checkpoints.
        assertThat(intervalAfter(null, null)).isEqualTo(Checkpointing.FALLBACK_INTERVAL);
    }

    private static Duration intervalAfter(Duration configured, Duration flag) {
        Configuration cluster = new Configuration();
        if (configured != null) {
            cluster.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, configured);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(cluster);
        Checkpointing.configure(env, flag);
        return Duration.ofMillis(env.getCheckpointConfig().getCheckpointInterval());
    }
}
