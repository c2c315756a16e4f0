package dev.nudge.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./nudge bench}: checks the options, then installs what the benchmark needs and has Maven build the modules
 * it needs in this reactor (nothing is installed) and run {@code dev.nudge.benchmark.BenchmarkMain} in its own JVM
 * (benchmark/pom.xml, profile {@code bench}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "The sequencer and the ClickHouse sink against bare Flink and clickhouse-client, per state "
                + "backend (BENCHMARKS.md).",
        subcommands = BenchCommand.Bandit.class)
final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private BenchOptions options;

    @Override
    public Integer call() {
        options.validate();
        return ChildProcesses.run(commands(ChildProcesses.argsAfter(spec)));
    }

    /** What {@code ./nudge bench ARGS} runs; {@code ARGS} go to the benchmark's JVM. */
    static List<List<String>> commands(List<String> args) {
        return List.of(List.of("bash", "deploy/install-deps.sh"), List.of("mvn", "-B", "-q", "-pl", "benchmark", "-am",
                "-DskipTests", "-Pbench", "verify", "-Dbench.args=" + String.join(" ", args)));
    }

    @Command(name = "bandit", mixinStandardHelpOptions = true,
            description = "The Thompson sampler against Chapelle & Li's Table 1 and the delayed-conversion case "
                    + "(BENCHMARKS.md).")
    static final class Bandit implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Mixin
        private BanditOptions options;

        @Override
        public Integer call() {
            List<String> args = new ArrayList<>(List.of("bandit"));
            args.addAll(ChildProcesses.argsAfter(spec));
            return ChildProcesses.run(commands(args));
        }
    }
}
