package dev.nudge.platform.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * How every Nudge command and service reads its command line (picocli, the project's one option library), so they
 * all behave alike: {@code --help} prints the usage and exits 0 without running anything; a user error (an unknown
 * option, a bad value, a missing file, a {@link UserError}) prints one line saying what to fix and exits 2, never a
 * stack trace; colours only on a terminal.
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

    /** Runs {@code command} on {@code args} with the given output streams and returns its exit code. */
    public static int execute(Object command, PrintWriter out, PrintWriter err, String... args) {
        return commandLine(command, out, err).execute(args);
    }

    /** The command line of {@code command} with the project's error handling, for callers that add subcommands. */
    public static CommandLine commandLine(Object command, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
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
     * Reads {@code args} into {@code options} without running anything, for a main whose options a front door has
     * already checked (the demo's and the benchmark's JVMs). A user error still prints one line and exits 2.
     */
    public static <T> T parse(T options, String... args) {
        CommandLine commandLine = new CommandLine(options);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        try {
            commandLine.parseArgs(args);
            return options;
        } catch (CommandLine.ParameterException e) {
            System.err.println("error: " + oneLine(e.getMessage()));
            System.exit(USER_ERROR);
            throw e;
        }
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

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
