package dev.nudge.domain.engine;

import dev.nudge.domain.catalog.Catalog;
import dev.nudge.domain.catalog.CatalogItem;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An in-memory catalog a test changes between calls, as catalog updates would change the broadcast state. */
final class MutableCatalog implements Catalog {

    private final Map<String, CatalogItem> items = new TreeMap<>();

    @Override
    public Optional<CatalogItem> item(String sku) {
        return Optional.ofNullable(items.get(sku));
    }

    /** An active item with 10 in stock, a link, and no relations. */
    static CatalogItem item(String sku, String category, long priceMinor) {
        return new CatalogItem(sku, "Name of " + sku, category, priceMinor, "USD", 10, true,
                "https://shop.example/p/" + sku, List.of(), List.of(), null, null, null, null);
    }

    static CatalogItem withComplements(CatalogItem item, String... skus) {
        return new CatalogItem(item.sku(), item.name(), item.category(), item.priceMinor(), item.currency(), item.stock(),
                item.active(), item.url(), List.of(skus), item.addOns(), item.replenishmentDays(), item.upgradeTo(),
                item.seasonStart(), item.seasonEnd());
    }

    static CatalogItem withAddOns(CatalogItem item, String... skus) {
        return new CatalogItem(item.sku(), item.name(), item.category(), item.priceMinor(), item.currency(), item.stock(),
                item.active(), item.url(), item.complements(), List.of(skus), item.replenishmentDays(), item.upgradeTo(),
                item.seasonStart(), item.seasonEnd());
    }

    static CatalogItem replenishedEvery(CatalogItem item, int days) {
        return new CatalogItem(item.sku(), item.name(), item.category(), item.priceMinor(), item.currency(), item.stock(),
                item.active(), item.url(), item.complements(), item.addOns(), days, item.upgradeTo(),
                item.seasonStart(), item.seasonEnd());
    }

    MutableCatalog put(CatalogItem item) {
        items.put(item.sku(), item);
        return this;
    }

    void setStock(String sku, int stock) {
        CatalogItem i = require(sku);
        put(new CatalogItem(i.sku(), i.name(), i.category(), i.priceMinor(), i.currency(), stock, i.active(), i.url(),
                i.complements(), i.addOns(), i.replenishmentDays(), i.upgradeTo(), i.seasonStart(), i.seasonEnd()));
    }

    void setActive(String sku, boolean active) {
        CatalogItem i = require(sku);
        put(new CatalogItem(i.sku(), i.name(), i.category(), i.priceMinor(), i.currency(), i.stock(), active, i.url(),
                i.complements(), i.addOns(), i.replenishmentDays(), i.upgradeTo(), i.seasonStart(), i.seasonEnd()));
    }

    void setPrice(String sku, long priceMinor) {
        CatalogItem i = require(sku);
        put(new CatalogItem(i.sku(), i.name(), i.category(), priceMinor, i.currency(), i.stock(), i.active(), i.url(),
                i.complements(), i.addOns(), i.replenishmentDays(), i.upgradeTo(), i.seasonStart(), i.seasonEnd()));
    }

    private CatalogItem require(String sku) {
        return item(sku).orElseThrow(() -> new IllegalArgumentException("no item " + sku));
    }
}
