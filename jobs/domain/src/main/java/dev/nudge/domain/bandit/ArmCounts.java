package dev.nudge.domain.bandit;

/** Successes and failures of one variant of one definition version; fractional for the revenue metric. A Flink POJO. */
public class ArmCounts {
    public double successes;
    public double failures;

    public ArmCounts() {}

    public ArmCounts(double successes, double failures) {
        this.successes = successes;
        this.failures = failures;
    }
}
