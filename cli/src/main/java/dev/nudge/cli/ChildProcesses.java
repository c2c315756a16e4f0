package dev.nudge.cli;

import dev.nudge.platform.cli.UserError;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs the commands whose work lives in another process (Maven, the demo's JVM) one after the other, with this
 * process's terminal, from the repository root ({@code ./nudge} starts the CLI there). Stops at the first that fails.
 */
final class ChildProcesses {

    private ChildProcesses() {
    }

    /** The arguments after the name of {@code command} on this command line: what its own process gets. */
    static List<String> argsAfter(CommandSpec command) {
        List<String> args = command.commandLine().getParseResult().originalArgs();
        return args.subList(args.indexOf(command.name()) + 1, args.size());
    }

    /** The exit code of the first command that fails, or 0. */
    static int run(List<List<String>> commands) {
        for (List<String> command : commands) {
            int code = runOne(command);
            if (code != 0) {
                return code;
            }
        }
        return 0;
    }

    private static int runOne(List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            throw new UserError("cannot run " + command.get(0) + ": " + e.getMessage());
        }
        // Ctrl-C reaches the child too; a CLI stopped otherwise takes its child with it.
        Thread stopChild = new Thread(process::destroy);
        Runtime.getRuntime().addShutdownHook(stopChild);
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            return 130;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs.
            }
        }
    }
}
