package dev.nudge.domain.offer;

import dev.nudge.domain.catalog.CatalogItem;
import java.util.Objects;

/**
 * The product a text will offer, as the catalog described it when chosen, and why it was chosen (for the
 * decision log, e.g. "add-on of SHOE-1").
 */
public record Offer(String sku, String name, long priceMinor, String currency, String url, String why) {

    public Offer {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(why, "why");
    }

    public static Offer of(CatalogItem item, String why) {
        return new Offer(item.sku(), item.name(), item.priceMinor(), item.currency(), item.url(), why);
    }
}
