package dev.nudge.devstack.flink;

import dev.nudge.devstack.LoopbackPorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real multi-process Flink session cluster (a JobManager and two TaskManagers, each its own JVM) run by
 * {@code deploy/flink-cluster.sh} on free loopback ports, with its config, logs, checkpoints and savepoints in one
 * folder. A TaskManager can be SIGKILLed like a lost machine and brought back by {@link #startMissing()}.
 */
public final class FlinkCluster implements AutoCloseable {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);

    private final Path script;
    private final Path directory;
    private final Map<String, String> environment;
    private final int restPort;
    private final int metricsPort;
    private final FlinkRest rest;

    private FlinkCluster(Path script, Path directory, Map<String, String> environment, int restPort, int metricsPort) {
        this.script = script;
        this.directory = directory;
        this.environment = environment;
        this.restPort = restPort;
        this.metricsPort = metricsPort;
        this.rest = new FlinkRest(URI.create("http://127.0.0.1:" + restPort));
    }

    /**
     * Starts the cluster of the repository at {@code root} with its state in {@code directory} and waits until both
     * TaskManagers have registered. {@code checkpointInterval} is the cluster's {@code execution.checkpointing.interval};
     * {@code jobEnvironment} goes to the cluster's processes, where the jobs' {@code main} and tasks read it (secrets such
     * as {@code NUDGE_LINK_SECRET}, which belong in no job argument).
     */
    public static FlinkCluster start(Path root, Path directory, Duration checkpointInterval,
                                     Map<String, String> jobEnvironment) {
        int restPort = LoopbackPorts.free();
        int rpcPort = LoopbackPorts.free();
        int metricsPort = LoopbackPorts.freeRange(3);
        Map<String, String> environment = new HashMap<>(jobEnvironment);
        environment.put("NUDGE_FLINK_DIR", directory.toAbsolutePath().toString());
        environment.put("NUDGE_FLINK_REST_PORT", Integer.toString(restPort));
        environment.put("NUDGE_FLINK_RPC_PORT", Integer.toString(rpcPort));
        environment.put("NUDGE_FLINK_METRICS_PORT", Integer.toString(metricsPort));
        environment.put("NUDGE_FLINK_CHECKPOINT_INTERVAL", checkpointInterval.toMillis() + "ms");
        FlinkCluster cluster = new FlinkCluster(root.resolve("deploy/flink-cluster.sh"), directory.toAbsolutePath(),
                Map.copyOf(environment), restPort, metricsPort);
        try {
            cluster.startMissing();
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Starts whichever of the three processes is not running (all of them the first time) and waits for them. */
    public void startMissing() {
        script("start");
    }

    public FlinkRest rest() {
        return rest;
    }

    public URI restUrl() {
        return URI.create("http://127.0.0.1:" + restPort);
    }

    /** The Prometheus endpoint of the JobManager ({@code process} 0) or of TaskManager n ({@code process} n). */
    public URI metricsUrl(int process) {
        return URI.create("http://127.0.0.1:" + (metricsPort + process) + "/metrics");
    }

    /** Where checkpoints go ({@code execution.checkpointing.dir}) and where savepoints may go. */
    public Path directory() {
        return directory;
    }

    /** SIGKILLs a TaskManager by its resource id ({@code taskmanager-1}, {@code taskmanager-2}): no goodbyes. */
    public void kill(String taskManagerId) {
        long pid = pid(taskManagerId);
        ProcessHandle process = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException(taskManagerId + " (pid " + pid + ") is not running"));
        process.destroyForcibly();
        process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** The process id of {@code jobmanager}, {@code taskmanager-1} or {@code taskmanager-2}. */
    public long pid(String process) {
        try {
            return Long.parseLong(Files.readString(directory.resolve(process + ".pid")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("no pid file for " + process + " in " + directory, e);
        }
    }

    /** A process's log file, for failure messages. */
    public Path log(String process) {
        return directory.resolve("log").resolve(process + ".log");
    }

    @Override
    public void close() {
        script("stop");
    }

    private void script(String command) {
        Path output = directory.resolve("flink-cluster-" + command + ".out");
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", script.toString(), command))
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(directory);
            Process process = builder.start();
            if (!process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("deploy/flink-cluster.sh " + command + " did not finish in "
                        + SCRIPT_TIMEOUT + ": " + Files.readString(output, StandardCharsets.UTF_8));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("deploy/flink-cluster.sh " + command + " failed ("
                        + process.exitValue() + "): " + Files.readString(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run deploy/flink-cluster.sh " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running deploy/flink-cluster.sh " + command, e);
        }
    }
}
