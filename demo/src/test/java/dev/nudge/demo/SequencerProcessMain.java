package dev.nudge.demo;

import dev.nudge.domain.engine.EngineSettings;
import dev.nudge.sequencer.KafkaIo;
import dev.nudge.sequencer.SequencerJob;
import dev.nudge.sequencer.SequencerSettings;
import dev.nudge.sequencer.TimeMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The sequencer on its own MiniCluster (parallelism 2) in a child JVM, for the fault-injection test: checkpoints
 * every second to {@code <state>/checkpoints}, kept when the JVM dies, and on start it resumes from the newest
 * completed one. A line {@value #DRAIN} on standard input stops the job with a drained savepoint: event time runs to
 * its end, every pending step fires, and the last outbox transaction is committed. The end of standard input (the
 * test JVM died) stops it as well.
 *
 * <p>Arguments: bootstrap servers, topic prefix, consumer group, state directory, intent time to live (ISO-8601).
 */
public final class SequencerProcessMain {

    static final String DRAIN = "drain";
    static final String RUNNING = "RUNNING";
    static final String RESTORED_FROM = "restored from ";
    static final String DRAINED = "DRAINED";

    private static volatile boolean draining;

    private SequencerProcessMain() {}

    public static void main(String[] args) throws Exception {
        String bootstrapServers = args[0];
        String topicPrefix = args[1];
        String group = args[2];
        Path state = Path.of(args[3]);
        Duration intentTtl = Duration.parse(args[4]);
        Path checkpoints = state.resolve("checkpoints");

        Configuration flink = new Configuration();
        flink.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        flink.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        // A failure inside the job is a finding, not something to ride out: the test sees the JVM end.
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        Optional<Path> newest = newestCompletedCheckpoint(checkpoints);
        newest.ifPresent(checkpoint -> flink.set(StateRecoveryOptions.SAVEPOINT_PATH, checkpoint.toUri().toString()));

        SequencerSettings defaults = SequencerSettings.defaults();
        EngineSettings engine = defaults.engine().withIntentTtl(intentTtl);
        // A short transaction timeout: a transaction a killed run left open holds back read_committed readers
        // (the dispatcher) at most this long, should the next run not abort it first.
        SequencerSettings settings = new SequencerSettings(bootstrapServers, topicPrefix, group, TimeMode.EVENT_TIME,
                defaults.maxOutOfOrderness(), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMinutes(1),
                engine);
        KafkaIo kafka = new KafkaIo(settings);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        SequencerJob.build(env, kafka.sources(), kafka.sinks(), settings);
        JobClient job = env.executeAsync("faults-sequencer");
        System.out.println(RUNNING + " " + job.getJobID() + ", "
                + newest.map(path -> RESTORED_FROM + path).orElse("from the start"));
        System.out.flush();

        job.getJobExecutionResult().whenComplete((result, failure) -> {
            if (!draining) {
                System.out.println("The job ended on its own: " + (failure == null ? result : ""));
                if (failure != null) {
                    failure.printStackTrace(System.out);
                }
                System.out.flush();
                System.exit(2);
            }
        });

        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            if (line.trim().equals(DRAIN)) {
                draining = true;
                String savepoint = job.stopWithSavepoint(true, state.resolve("savepoints").toUri().toString(),
                        SavepointFormatType.CANONICAL).get();
                System.out.println(DRAINED + " into " + savepoint);
                System.out.flush();
                System.exit(0);
            }
        }
        System.exit(1);
    }

    /** The newest {@code chk-N} with a {@code _metadata} file: one a killed run was still writing has none. */
    static Optional<Path> newestCompletedCheckpoint(Path checkpoints) {
        if (!Files.isDirectory(checkpoints)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.find(checkpoints, 3, (path, attributes) ->
                path.getFileName().toString().equals("_metadata")
                        && path.getParent().getFileName().toString().startsWith("chk-"))) {
            return files.map(Path::getParent).max(Comparator.comparingLong(SequencerProcessMain::checkpointId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checkpoint ids go on from the restored one, so the highest is the newest across runs. */
    private static long checkpointId(Path chk) {
        return Long.parseLong(chk.getFileName().toString().substring("chk-".length()));
    }
}
