package dev.nudge.analytics;

import dev.nudge.events.PurchaseEvent;

/**
 * A purchase that reached attribution more than the allowed lateness behind event time: what it could have counted
 * for is forgotten, so it is kept aside (nudge.late_purchases) instead of being attributed. A Flink POJO.
 */
public class LatePurchase {
    public PurchaseEvent purchase;
    /** attribution's event time when the purchase arrived */
    public long watermarkMillis;

    public LatePurchase() {}

    public static LatePurchase of(PurchaseEvent purchase, long watermarkMillis) {
        LatePurchase late = new LatePurchase();
        late.purchase = purchase;
        late.watermarkMillis = watermarkMillis;
        return late;
    }
}
