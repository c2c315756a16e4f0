package dev.nudge.sequencer;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

import java.time.Duration;

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
        // The outbox is transactional: without checkpoints nothing would ever be committed.
        assertThat(intervalAfterBuild(null)).isEqualTo(Duration.ofSeconds(10));
    }

    private static Duration intervalAfterBuild(Duration configured, String... flags) {
        Configuration cluster = new Configuration();
        if (configured != null) {
            cluster.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, configured);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(cluster);
        String[] args = new String[flags.length + 2];
        args[0] = "--bootstrap-servers";
        args[1] = "127.0.0.1:1";
        System.arraycopy(flags, 0, args, 2, flags.length);
        SequencerSettings settings = SequencerSettings.fromArgs(args);
        KafkaIo kafka = new KafkaIo(settings);
        SequencerJob.build(env, kafka.sources(), kafka.sinks(), settings);
        return Duration.ofMillis(env.getCheckpointConfig().getCheckpointInterval());
    }
}
