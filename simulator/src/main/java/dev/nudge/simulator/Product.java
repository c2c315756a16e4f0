package dev.nudge.simulator;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.List;
import java.util.Objects;

/**
 * One sku as the retailer lists it at the start of a run. Prices and stock change later through the catalog's
 * changes ({@link SimCatalog#priceAt}, {@link SimCatalog#stockAt}).
 *
 * @param popularity        how often it is chosen within its category, relative to its neighbours
 * @param replenishmentDays how long one unit lasts, for items bought again and again; null otherwise
 * @param upgradeTo         the next membership tier; null for the top tier and for everything else
 * @param seasonStart       first day it is sold, or null all year round
 * @param seasonEnd         last day it is sold (may wrap the new year), or null all year round
 */
public record Product(
        String sku,
        String name,
        Category category,
        long priceMinor,
        double popularity,
        Integer replenishmentDays,
        List<String> addOns,
        List<String> complements,
        String upgradeTo,
        MonthDay seasonStart,
        MonthDay seasonEnd) {

    public static final String URL_PREFIX = "https://shop.example/p/";
    public static final String CURRENCY = "USD";

    public Product {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(category, "category");
        addOns = List.copyOf(addOns);
        complements = List.copyOf(complements);
        if ((seasonStart == null) != (seasonEnd == null)) {
            throw new IllegalArgumentException(sku + ": a season needs both a start and an end");
        }
    }

    public String url() {
        return URL_PREFIX + sku;
    }

    public boolean replenishable() {
        return replenishmentDays != null;
    }

    public boolean seasonal() {
        return seasonStart != null;
    }

    /** Whether it is sold on {@code date}; a season such as 10-15..02-28 wraps the new year. */
    public boolean inSeason(LocalDate date) {
        if (!seasonal()) {
            return true;
        }
        MonthDay day = MonthDay.from(date);
        boolean wraps = seasonEnd.isBefore(seasonStart);
        return wraps ? !day.isBefore(seasonStart) || !day.isAfter(seasonEnd)
                     : !day.isBefore(seasonStart) && !day.isAfter(seasonEnd);
    }

    /** MM-DD, as the catalog record carries it. */
    static String monthDay(MonthDay day) {
        return day == null ? null : String.format("%02d-%02d", day.getMonthValue(), day.getDayOfMonth());
    }
}
