package dev.nudge.domain.event;

import java.time.Instant;
import java.util.List;

/** A completed order, the strongest signal there is: it triggers checkout sequences and ends most others. */
public record Purchase(String orderId, Instant at, List<PurchaseLine> lines, long totalMinor, String currency) {

    public Purchase {
        lines = List.copyOf(lines);
    }

    public boolean contains(String sku) {
        return lines.stream().anyMatch(line -> line.sku().equals(sku) && line.quantity() > 0);
    }
}
