package dev.nudge.analytics;

/** A HELD_OUT decision: the customer's purchases inside its window count as the sequence's control group. A Flink POJO. */
public class Holdout {
    public String decisionId;
    public String sequenceId;
    public int sequenceVersion;
    public long atMillis;

    public Holdout() {}
}
