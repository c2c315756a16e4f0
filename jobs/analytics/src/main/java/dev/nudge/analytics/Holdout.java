package dev.nudge.analytics;

/** A HELD_OUT decision: the customer's purchases inside its window count as the sequence's control group. A Flink POJO. */
public class Holdout {
    public String decisionId;
    public String sequenceId;
    public int sequenceVersion;
    public long atMillis;
    /** The sequence's attribution window when the customer was held out; 0 in state written before it was kept. */
    public long windowMillis;

    public Holdout() {}
}
