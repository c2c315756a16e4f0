package dev.nudge.platform.flink;

import java.time.Duration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Who decides the checkpoint interval: the cluster's configuration ({@code execution.checkpointing.interval}, e.g. a
 * FlinkDeployment's {@code flinkConfiguration}), unless the job's {@code --checkpoint-interval} flag asks for one.
 */
public final class Checkpointing {

    /** When neither says: the jobs' transactional and flushing sinks only make progress on checkpoints. */
    public static final Duration FALLBACK_INTERVAL = Duration.ofSeconds(10);

    private Checkpointing() {}

    /** Applies the flag's interval if given (null: not given), else keeps the configured one, else the fallback. */
    public static void configure(StreamExecutionEnvironment env, Duration requested) {
        if (requested != null) {
            env.enableCheckpointing(requested.toMillis());
        } else if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.enableCheckpointing(FALLBACK_INTERVAL.toMillis());
        }
    }
}
