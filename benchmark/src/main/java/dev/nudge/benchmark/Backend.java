package dev.nudge.benchmark;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;

/** The keyed state backends compared: Flink's heap backend and embedded RocksDB. */
enum Backend {
    HEAP("hashmap", "heap (HashMap)"),
    ROCKSDB("rocksdb", "RocksDB");

    private final String type;
    final String label;

    Backend(String type, String label) {
        this.type = type;
        this.label = label;
    }

    /** A local environment (a MiniCluster in this JVM) with this backend, no restarts and no Kryo. */
    StreamExecutionEnvironment environment(int parallelism) {
        Configuration config = new Configuration();
        config.set(StateBackendOptions.STATE_BACKEND, type);
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
