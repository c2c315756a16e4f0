package dev.nudge.domain.catalog;

import java.time.MonthDay;
import java.util.List;

/**
 * The current truth about one sku. replenishmentDays, upgradeTo, url and the season bounds are null when they do
 * not apply; a season may wrap the new year (start after end).
 */
public record CatalogItem(String sku, String name, String category, long priceMinor, String currency, int stock,
                          boolean active, String url, List<String> complements, List<String> addOns,
                          Integer replenishmentDays, String upgradeTo, MonthDay seasonStart, MonthDay seasonEnd) {

    public CatalogItem {
        complements = complements == null ? List.of() : List.copyOf(complements);
        addOns = addOns == null ? List.of() : List.copyOf(addOns);
    }

    public boolean sellable() {
        return active && stock > 0;
    }

    public boolean inSeason(MonthDay day) {
        if (seasonStart == null || seasonEnd == null) {
            return true;
        }
        return seasonStart.isAfter(seasonEnd)
                ? !day.isBefore(seasonStart) || !day.isAfter(seasonEnd)
                : !day.isBefore(seasonStart) && !day.isAfter(seasonEnd);
    }
}
