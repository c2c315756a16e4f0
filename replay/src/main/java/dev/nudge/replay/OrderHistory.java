package dev.nudge.replay;

import dev.nudge.events.PurchaseEvent;

import java.util.List;
import java.util.Map;

/**
 * The orders read from an export, in time order, and how the reading went.
 *
 * @param orders                      one event per order, earliest first (ties by order id)
 * @param linesRead                   data lines read (not the header, not blank lines)
 * @param linesKept                   lines that became part of an order
 * @param skipped                     lines left out, by reason (every reason present, zero when none)
 * @param ordersWithSeveralTimestamps orders whose lines disagree on the time; the earliest is used
 */
public record OrderHistory(List<PurchaseEvent> orders, int linesRead, int linesKept, Map<SkipReason, Integer> skipped,
                           int ordersWithSeveralTimestamps) {

    public OrderHistory {
        orders = List.copyOf(orders);
        skipped = Map.copyOf(skipped);
    }

    public long customers() {
        return orders.stream().map(PurchaseEvent::getCustomerId).distinct().count();
    }
}
