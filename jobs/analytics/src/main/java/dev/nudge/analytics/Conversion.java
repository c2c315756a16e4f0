package dev.nudge.analytics;

/**
 * An attributed purchase, one row of nudge.conversions: either to the last text touched before it ({@code holdout}
 * false, {@code messageId} set) or to a hold-out window ({@code holdout} true, {@code decisionId} set). A Flink POJO.
 */
public class Conversion {
    /** deterministic: {@code brand:order:text} or {@code brand:order:holdout:sequence} */
    public String conversionId;
    public String brandId;
    public String customerId;
    public boolean holdout;
    public String messageId;
    public String decisionId;
    public String sequenceId;
    public int sequenceVersion;
    public int step;
    public String variant;
    public String orderId;
    /** the whole order: "bought anything" */
    public long revenueMinor;
    /** the order holds the offered sku: "bought the offered item" */
    public boolean offeredItem;
    public long offeredRevenueMinor;
    public String currency;
    /** when the text was delivered or clicked, or the hold-out decided */
    public long touchedAtMillis;
    /** the purchase's event time */
    public long attributedAtMillis;

    public Conversion() {}

    @Override
    public String toString() {
        return "Conversion[" + conversionId + " " + sequenceId + "@" + sequenceVersion + " step " + step + " "
                + variant + " revenue " + revenueMinor + (offeredItem ? " offered" : "") + "]";
    }
}
