package dev.nudge.domain.event;

/** One line of an order as the rules see it. A negative quantity is a return. */
public record PurchaseLine(String sku, String category, int quantity, long unitPriceMinor) {}
