package dev.nudge.domain.offer;

import dev.nudge.domain.catalog.Catalog;
import dev.nudge.domain.catalog.CatalogItem;
import java.time.MonthDay;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Builds catalog items for tests: active, in stock, priced 10.00 USD unless told otherwise. */
final class ItemBuilder {

    private final String sku;
    private String category = "general";
    private long priceMinor = 1000;
    private String currency = "USD";
    private int stock = 10;
    private boolean active = true;
    private List<String> complements = List.of();
    private List<String> addOns = List.of();
    private Integer replenishmentDays;
    private String upgradeTo;
    private MonthDay seasonStart;
    private MonthDay seasonEnd;

    private ItemBuilder(String sku) {
        this.sku = sku;
    }

    static ItemBuilder item(String sku) {
        return new ItemBuilder(sku);
    }

    static Catalog catalogOf(CatalogItem... items) {
        Map<String, CatalogItem> bySku = Arrays.stream(items).collect(Collectors.toMap(CatalogItem::sku, Function.identity()));
        return sku -> Optional.ofNullable(bySku.get(sku));
    }

    ItemBuilder category(String category) {
        this.category = category;
        return this;
    }

    ItemBuilder price(long priceMinor, String currency) {
        this.priceMinor = priceMinor;
        this.currency = currency;
        return this;
    }

    ItemBuilder stock(int stock) {
        this.stock = stock;
        return this;
    }

    ItemBuilder inactive() {
        this.active = false;
        return this;
    }

    ItemBuilder complements(String... skus) {
        this.complements = List.of(skus);
        return this;
    }

    ItemBuilder addOns(String... skus) {
        this.addOns = List.of(skus);
        return this;
    }

    ItemBuilder replenishEvery(int days) {
        this.replenishmentDays = days;
        return this;
    }

    ItemBuilder upgradeTo(String sku) {
        this.upgradeTo = sku;
        return this;
    }

    ItemBuilder season(String start, String end) {
        this.seasonStart = MonthDay.parse("--" + start);
        this.seasonEnd = MonthDay.parse("--" + end);
        return this;
    }

    CatalogItem build() {
        return new CatalogItem(sku, "Name of " + sku, category, priceMinor, currency, stock, active,
                "https://shop.example/p/" + sku, complements, addOns, replenishmentDays, upgradeTo, seasonStart,
                seasonEnd);
    }
}
