package dev.nudge.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a main class of this JVM's (test) class path in a child JVM, so a test can kill it as hard as a machine
 * failure would ({@link Process#destroyForcibly()} is SIGKILL): no shutdown hooks, no flushing, no goodbyes.
 * Standard output and error go to one log file the test can watch.
 */
public final class ChildJvm {

    private ChildJvm() {}

    /**
     * Starts {@code main} with these JVM options, arguments and extra environment variables; the child inherits
     * this JVM's class path and temporary directory.
     */
    public static Process start(Class<?> main, List<String> jvmOptions, List<String> args, Map<String, String> env,
            Path log) {
        // Surefire and Failsafe may start the test JVM on a manifest-only jar: their property has the real path.
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", classpath,
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir")));
        command.addAll(jvmOptions);
        command.add(main.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + main.getName() + " in a child JVM", e);
        }
    }

    /** Whether the log holds {@code text} yet (false while the file does not exist). */
    public static boolean logContains(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }
}
