package dev.nudge.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./nudge tune} and {@code ./nudge publish}. Every command has {@code --help}; a user error (a bad option, a
 * missing file, a sequence with no data) prints one line and exits 2; a definition the rules reject exits 1.
 */
@Command(name = "nudge", mixinStandardHelpOptions = true, version = "nudge 0.1.0",
        description = "Reads what the sequences earned and ships their next version.",
        subcommands = {TuneCommand.class, PublishCommand.class, MigrateCommand.class})
public final class NudgeCli implements Runnable {

    static final int USER_ERROR = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs a command line with the given output streams and returns its exit code. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new NudgeCli());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage()
                    + " (see " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return USER_ERROR;
        });
        commandLine.setExecutionExceptionHandler((e, line, parseResult) -> {
            if (e instanceof UserError) {
                line.getErr().println("error: " + e.getMessage());
                return USER_ERROR;
            }
            throw e;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: tune or publish");
    }
}
