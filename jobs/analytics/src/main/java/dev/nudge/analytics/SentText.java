package dev.nudge.analytics;

/** A text the engine sent, remembered until its delivery receipt can no longer come. A Flink POJO. */
public class SentText {
    public String messageId;
    public String sequenceId;
    public int sequenceVersion;
    public int step;
    public String variant;
    /** null when the text offered no item */
    public String offerSku;
    public long createdAtMillis;

    public SentText() {}
}
