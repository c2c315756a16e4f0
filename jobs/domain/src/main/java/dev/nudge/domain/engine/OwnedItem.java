package dev.nudge.domain.engine;

/** A sku the customer bought recently: never offered back to them as a "next step". A Flink POJO. */
public class OwnedItem {
    public String sku;
    public long boughtMillis;

    public OwnedItem() {}

    OwnedItem(String sku, long boughtMillis) {
        this.sku = sku;
        this.boughtMillis = boughtMillis;
    }
}
