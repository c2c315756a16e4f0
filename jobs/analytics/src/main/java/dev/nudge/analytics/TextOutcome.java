package dev.nudge.analytics;

/** What the bandit's outcome needs to remember of one text until its window has closed. A Flink POJO. */
public class TextOutcome {
    public String brandId;
    public String messageId;
    /** null until the intent (or a receipt naming it) says which sequence, step and variant the text was */
    public String sequenceId;
    public int sequenceVersion;
    public int step;
    public String variant;
    public long createdAtMillis;
    /** the last DELIVERED or CLICKED, 0 before the text reached the customer */
    public long touchedAtMillis;
    public long windowMillis;
    /** credited with a conversion that did not hold the offered item: CONVERTED at the window's close, unless one does */
    public boolean converted;
    public long revenueMinor;
    public String currency;
    /** its one outcome has been published; kept until the window closes so repeats are swallowed */
    public boolean decided;

    public TextOutcome() {}
}
