package dev.nudge.domain.definition;

import java.time.Instant;

/**
 * A replenishable item from one order and when to remind about it.
 *
 * @param quantity the units bought in the order (all lines of the sku together)
 * @param runOutAt purchase time + replenishmentDays × quantity days
 * @param remindAt runOutAt − the trigger's daysBefore days, never before the purchase: when the sequence starts
 */
public record ReplenishmentDue(String orderId, String sku, String category, int quantity, Instant purchasedAt,
                               Instant runOutAt, Instant remindAt) {}
