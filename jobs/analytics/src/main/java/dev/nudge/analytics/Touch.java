package dev.nudge.analytics;

/** A text delivered to or clicked by the customer: a purchase inside its window counts for it. A Flink POJO. */
public class Touch {
    public String messageId;
    public String sequenceId;
    public int sequenceVersion;
    public int step;
    public String variant;
    /** null when the text offered no item, or its intent has not been seen (yet) */
    public String offerSku;
    public long atMillis;
    /** The sequence's attribution window when the touch happened; 0 in state written before it was kept here. */
    public long windowMillis;

    public Touch() {}
}
