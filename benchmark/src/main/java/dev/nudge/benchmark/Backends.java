package dev.nudge.benchmark;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.nudge.cli.BenchOptions.StateBackend;
import java.nio.file.Path;

/** The environments of the keyed state backends compared ({@link StateBackend}: Flink's heap backend and RocksDB). */
final class Backends {

    private Backends() {
    }

    /** A local environment (a MiniCluster in this JVM) with this backend, no restarts and no Kryo. */
    static StreamExecutionEnvironment environment(StateBackend backend, int parallelism) {
        Configuration config = new Configuration();
        config.set(StateBackendOptions.STATE_BACKEND, backend.type);
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        config.set(PipelineOptions.GENERIC_TYPES, false);
        // Savepoints of a million customers do not fit the JobManager's memory-backed storage.
        config.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                Path.of(System.getProperty("java.io.tmpdir"), "benchmark-checkpoints").toUri().toString());
        // RocksDB's block cache and write buffers come out of managed memory.
        config.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(512));
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, config);
    }
}
