package dev.nudge.platform.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * How every Nudge command and service reads its command line (picocli, the project's one option library), so they
 * all behave alike: {@code --help} prints the usage and exits 0 without running anything; a user error (an unknown
 * option, a bad value, a missing file, a {@link UserError}) prints one line saying what to fix and exits 2, never a
 * stack trace; colours only on a terminal. A service's or a job's options can also come from the environment
 * ({@link EnvironmentDefaults}); the front door's commands name the few variables they read.
 */
public final class CommandLines {

    /** The exit code of a user error. */
    public static final int USER_ERROR = 2;

    private CommandLines() {
    }

    /** Runs {@code command} on {@code args} and exits the JVM with its exit code. */
    public static void exit(Object command, String... args) {
        System.exit(execute(command, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs a service's {@code command} on {@code args}; exits the JVM only when it fails (a service stops with the
     * JVM, and must not call exit while the JVM shuts down).
     */
    public static void runService(Object command, String... args) {
        CommandLine commandLine = commandLine(command, new PrintWriter(System.out, true),
                new PrintWriter(System.err, true));
        withEnvironment(commandLine, System.getenv());
        int code = commandLine.execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs {@code command} on {@code args} with the given output streams and returns its exit code. */
    public static int execute(Object command, PrintWriter out, PrintWriter err, String... args) {
        return commandLine(command, out, err).execute(args);
    }

    /** The command line of {@code command} with the project's error handling. */
    public static CommandLine commandLine(Object command, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = reader(command);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.AUTO));
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            e.getCommandLine().getErr().println("error: " + oneLine(e.getMessage())
                    + " (see " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return USER_ERROR;
        });
        commandLine.setExecutionExceptionHandler((e, line, parseResult) -> {
            if (e instanceof UserError) {
                line.getErr().println("error: " + oneLine(e.getMessage()));
                return USER_ERROR;
            }
            throw e;
        });
        return commandLine;
    }

    /**
     * Reads {@code args} and {@code env} into {@code options} without running anything, for a main whose options a
     * front door has already checked (the demo's and the benchmark's JVMs). A user error prints one line and exits 2.
     */
    public static <T> T parse(T options, String... args) {
        try {
            reader(options).parseArgs(args);
            return options;
        } catch (CommandLine.ParameterException e) {
            System.err.println("error: " + oneLine(e.getMessage()));
            System.exit(USER_ERROR);
            throw e;
        }
    }

    /**
     * Reads {@code args} and {@code env} into {@code options}, for a Flink job's main, which must not exit the JVM
     * (it may run inside the JobManager): empty after printing the usage for {@code --help}; a {@link UserError}
     * with one line for a bad option.
     */
    public static <T> Optional<T> read(T options, Map<String, String> env, String... args) {
        CommandLine commandLine = withEnvironment(reader(options), env);
        try {
            commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new UserError(oneLine(e.getMessage()) + " (see --help)");
        }
        if (commandLine.isUsageHelpRequested()) {
            commandLine.usage(System.out, CommandLine.Help.Ansi.AUTO);
            return Optional.empty();
        }
        return Optional.of(options);
    }

    /** {@code value}, or a {@link UserError} naming the option and its environment variable when it is unset. */
    public static String required(String value, String option, String variable) {
        if (value == null || value.isBlank()) {
            throw new UserError("give " + option + " or set " + variable);
        }
        return value;
    }

    /** A secret, only ever read from the environment (a flag would show in the process list); unset is a {@link UserError}. */
    public static String secret(Map<String, String> env, String variable) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            throw new UserError("set " + variable + " (a secret: never a flag)");
        }
        return value.strip();
    }

    /** The text of {@code file}, or a {@link UserError} saying why it cannot be read. */
    public static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UserError("no such file: " + file);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static CommandLine reader(Object command) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }

    /** A service's or a job's options: each can also be its environment variable, and the usage says so. */
    private static CommandLine withEnvironment(CommandLine commandLine, Map<String, String> env) {
        commandLine.setDefaultValueProvider(new EnvironmentDefaults(env));
        commandLine.getCommandSpec().usageMessage().footer("%nEvery option can also be set in the environment: NUDGE_ "
                + "and its name in capitals (--bootstrap-servers: NUDGE_BOOTSTRAP_SERVERS) unless it names its "
                + "variable; an option given wins.");
        return commandLine;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
