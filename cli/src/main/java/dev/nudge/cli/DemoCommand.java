package dev.nudge.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ./nudge demo}: checks the options, then installs what the demo needs, builds the project and runs the demo
 * in its own JVM ({@code deploy/demo.sh}, which starts {@code dev.nudge.demo.DemoMain} with the same arguments).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Builds, starts Kafka, ClickHouse, a Twilio-compatible server and the webhook service, runs the "
                + "jobs and the dispatcher on a simulated coffee roaster's month and prints a summary.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private DemoOptions options;

    @Override
    public Integer call() {
        options.validate();
        return ChildProcesses.run(commands(ChildProcesses.argsAfter(spec)));
    }

    /** What {@code ./nudge demo ARGS} runs. */
    static List<List<String>> commands(List<String> args) {
        List<String> demo = new ArrayList<>(List.of("bash", "deploy/demo.sh"));
        demo.addAll(args);
        return List.of(List.of("bash", "deploy/install-deps.sh"), List.of("mvn", "-B", "-DskipTests", "install", "-q"),
                demo);
    }
}
