package dev.nudge.domain.definition;

/** What starts a sequence for a customer. */
public enum TriggerType {
    /** A completed order, optionally filtered by skus, categories and order total. */
    CHECKOUT,
    /** The customer signed up. */
    SIGN_UP,
    /** A membership or subscription renewed, optionally filtered by plan sku. */
    RENEWAL,
    /** The customer reached a named usage milestone. */
    USAGE_MILESTONE,
    /** A replenishable item bought earlier is about to run out. */
    REPLENISHMENT_DUE,
    /** The customer viewed or carted an item and did not buy it within the abandon window. */
    BROWSE_ABANDON
}
