package dev.nudge.sequencer;

import dev.nudge.domain.engine.EngineSettings;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

import java.time.Duration;

/** How the integration tests run the sequencer: in event time, on the test's broker, on a small MiniCluster. */
final class SequencerOnKafka {

    private SequencerOnKafka() {}

    /** Event time, 30 s out of order, idle sources after 2 s, checkpoints every 500 ms, 10-minute transactions. */
    static SequencerSettings settings(String bootstrapServers, String group) {
        return new SequencerSettings(bootstrapServers, "", group, TimeMode.EVENT_TIME, Duration.ofSeconds(30),
                Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofMinutes(10), EngineSettings.defaults());
    }

    /** One task manager with two slots and this configuration. */
    static MiniClusterExtension miniCluster(Configuration configuration) {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).setConfiguration(configuration).build());
    }

    /** A failure inside the job is a finding: with no restarts it ends the job, and the test sees it. */
    static Configuration noRestarts() {
        Configuration configuration = new Configuration();
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return configuration;
    }
}
