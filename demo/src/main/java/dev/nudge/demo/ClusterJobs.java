package dev.nudge.demo;

import dev.nudge.devstack.flink.FlinkCluster;
import dev.nudge.devstack.flink.FlinkRest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo's jobs on a real standalone Flink cluster ({@code ./nudge demo --cluster}): the JobManager and two
 * TaskManagers of {@code deploy/flink-cluster.sh} in their own JVMs, the sequencer and analytics job jars uploaded and
 * run over the REST API with the same settings the MiniCluster run gets. Closing cancels the jobs and stops the cluster.
 */
final class ClusterJobs implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final FlinkCluster cluster;
    private final List<String> jobIds;

    private ClusterJobs(FlinkCluster cluster, List<String> jobIds) {
        this.cluster = cluster;
        this.jobIds = jobIds;
    }

    /**
     * Starts the cluster with its state in {@code directory} and {@code jobEnvironment} in its processes, submits both
     * jars and waits until all their tasks run.
     */
    static ClusterJobs start(Path root, Path directory, Duration checkpointInterval, Map<String, String> jobEnvironment,
                             List<String> sequencerArgs, List<String> analyticsArgs) {
        FlinkCluster cluster = FlinkCluster.start(root, directory, checkpointInterval, jobEnvironment);
        try {
            FlinkRest rest = cluster.rest();
            String sequencer = rest.run(rest.uploadJar(jobJar(root, "sequencer")), sequencerArgs, null);
            String analytics = rest.run(rest.uploadJar(jobJar(root, "analytics")), analyticsArgs, null);
            rest.awaitAllTasksRunning(sequencer, START_TIMEOUT);
            rest.awaitAllTasksRunning(analytics, START_TIMEOUT);
            return new ClusterJobs(cluster, List.of(sequencer, analytics));
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The job jar a module's build wrote: {@code jobs/<module>/target/nudge-<module>-<version>-job.jar}. */
    static Path jobJar(Path root, String module) {
        Path target = root.resolve("jobs").resolve(module).resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> file.getFileName().toString().matches("nudge-" + module + "-.*-job\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no job jar in " + target
                            + ": build it first (mvn -B -DskipTests package -pl jobs/" + module + " -am)"));
        } catch (IOException e) {
            throw new UncheckedIOException("no build output in " + target + ": build jobs/" + module + " first", e);
        }
    }

    FlinkCluster cluster() {
        return cluster;
    }

    @Override
    public void close() {
        try {
            jobIds.forEach(cluster.rest()::cancel);
        } finally {
            cluster.close();
        }
    }
}
