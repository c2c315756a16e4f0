package dev.nudge.cli;

import dev.nudge.platform.cli.CommandLines;
import dev.nudge.replay.ReplayCommand;
import dev.nudge.sequencer.PublishCommand;
import dev.nudge.simulator.SimulateCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Nudge's front door, {@code ./nudge COMMAND}: every command has {@code --help}, which prints its usage and runs
 * nothing; a user error (a bad option, a missing file, a sequence with no data) prints one line and exits 2
 * ({@link CommandLines}). {@code demo}, {@code test} and {@code bench} check their options here, then run the work in
 * its own process ({@link ChildProcesses}); the others run in this JVM.
 */
@Command(name = "nudge", mixinStandardHelpOptions = true, version = "nudge 0.1.0",
        description = "Spaced, relevant SMS upsell sequences from a retailer's event streams, on Apache Flink.",
        subcommands = {DemoCommand.class, TestCommand.class, BenchCommand.class, ReplayCommand.class,
                SimulateCommand.class, PublishCommand.class, ValidateCommand.class, TopicsCommand.class,
                MigrateCommand.class, TuneCommand.class})
public final class NudgeCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs a command line with the given output streams and returns its exit code. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        return CommandLines.execute(new NudgeCli(), out, err, args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
