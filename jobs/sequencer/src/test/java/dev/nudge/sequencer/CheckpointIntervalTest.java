package dev.nudge.sequencer;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The job keeps the cluster's checkpoint interval when no --checkpoint-interval is given (CheckpointingTest: the rule). */
class CheckpointIntervalTest {

    @Test
    void theJobKeepsTheClustersInterval() {
        Configuration cluster = new Configuration();
        cluster.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(30));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(cluster);
        SequencerSettings settings = SequencerSettings.fromArgs("--bootstrap-servers", "127.0.0.1:1");
        KafkaIo kafka = new KafkaIo(settings);
        SequencerJob.build(env, kafka.sources(), kafka.sinks(), settings);
        assertThat(env.getCheckpointConfig().getCheckpointInterval()).isEqualTo(30_000);
    }
}
