package dev.nudge.cli;

import picocli.CommandLine.Option;

/**
 * The bandit benchmark's options, read by {@code ./nudge bench bandit} here and by its own JVM
 * ({@code dev.nudge.benchmark.BanditBenchmark}).
 */
public final class BanditOptions {

    @Option(names = "--runs", defaultValue = "100", paramLabel = "N", description = "runs per setting; default ${DEFAULT-VALUE}")
    private int runs;

    @Option(names = "--steps", defaultValue = "1000000", paramLabel = "T",
            description = "steps per run of Chapelle & Li's case; default ${DEFAULT-VALUE}")
    private long steps;

    @Option(names = "--sends-per-day", defaultValue = "4000", paramLabel = "N",
            description = "texts a day in the delayed-conversion case; default ${DEFAULT-VALUE}")
    private int sendsPerDay;

    public int runs() {
        return runs;
    }

    public long steps() {
        return steps;
    }

    public int sendsPerDay() {
        return sendsPerDay;
    }
}
