package dev.nudge.domain.offer;

import dev.nudge.domain.catalog.Catalog;
import dev.nudge.domain.catalog.CatalogItem;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether an offer chosen earlier may still be sent: a text must never advertise something that is gone or
 * quote a price that is no longer true.
 */
public enum OfferCheck {
    OK,
    /** The sku is no longer in the catalog. */
    UNKNOWN_SKU,
    /** The merchant took the item off sale. */
    INACTIVE,
    OUT_OF_STOCK,
    /** The price or currency changed since the offer was chosen. */
    REPRICED;

    public static OfferCheck atSendTime(Offer chosen, Catalog now) {
        Optional<CatalogItem> current = now.item(chosen.sku());
        if (current.isEmpty()) {
            return UNKNOWN_SKU;
        }
        CatalogItem item = current.get();
        if (!item.active()) {
            return INACTIVE;
        }
        if (item.stock() <= 0) {
            return OUT_OF_STOCK;
        }
        boolean samePrice = item.priceMinor() == chosen.priceMinor()
                && Objects.equals(item.currency(), chosen.currency());
        return samePrice ? OK : REPRICED;
    }

    public boolean sendable() {
        return this == OK;
    }
}
