package dev.nudge.replay;

import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.LineItem;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.Tenant;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A catalog derived from the order history itself, since an old export rarely comes with the catalog of its day.
 * Per sku: the name seen most often (ties: alphabetically first), the median unit price over its order lines (the
 * lower middle one for an even count), the category of its lines, no stock limit, always active. Complements and
 * add-ons are the skus most often bought in the same orders (ties by sku) — learned from the whole history, so the
 * replay knows pairings a little before the shop did; documented as a known optimism.
 */
public final class HistoryCatalog {

    /** How many co-purchased skus each item offers as complements and add-ons. */
    public static final int PAIRINGS_PER_ITEM = 3;

    private HistoryCatalog() {}

    public static List<CatalogUpdate> derive(List<PurchaseEvent> orders, String brandId, Instant at, String linkBase) {
        Map<String, List<LineItem>> linesBySku = new TreeMap<>();
        Map<String, Map<String, Integer>> boughtWith = new HashMap<>();
        for (PurchaseEvent order : orders) {
            TreeSet<String> skus = new TreeSet<>();
            for (LineItem line : order.getLines()) {
                linesBySku.computeIfAbsent(line.getSku(), sku -> new ArrayList<>()).add(line);
                skus.add(line.getSku());
            }
            for (String sku : skus) {
                for (String other : skus) {
                    if (!other.equals(sku)) {
                        boughtWith.computeIfAbsent(sku, s -> new HashMap<>()).merge(other, 1, Integer::sum);
                    }
                }
            }
        }
        List<CatalogUpdate> catalog = new ArrayList<>();
        linesBySku.forEach((sku, lines) -> {
            List<String> pairings = boughtWith.getOrDefault(sku, Map.of()).entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(PAIRINGS_PER_ITEM).map(Map.Entry::getKey).toList();
            catalog.add(CatalogUpdate.newBuilder()
                    .setEventId("replay-catalog-" + sku)
                    .setTenant(new Tenant(brandId, null))
                    .setEventTime(at)
                    .setSku(sku)
                    .setName(mostCommonName(lines))
                    .setCategory(lines.get(0).getCategory())
                    .setPriceMinor(medianPrice(lines))
                    .setCurrency(lines.get(0).getCurrency())
                    .setStock(Integer.MAX_VALUE)
                    .setActive(true)
                    .setUrl(linkBase + sku)
                    .setComplements(pairings)
                    .setAddOns(pairings)
                    .build());
        });
        return catalog;
    }

    static long medianPrice(List<LineItem> lines) {
        long[] prices = lines.stream().mapToLong(LineItem::getUnitPriceMinor).sorted().toArray();
        return prices[(prices.length - 1) / 2];
    }

    private static String mostCommonName(List<LineItem> lines) {
        Map<String, Integer> counts = new TreeMap<>();
        lines.forEach(line -> counts.merge(line.getName(), 1, Integer::sum));
        return counts.entrySet().stream()
                .max(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .orElseThrow().getKey();
    }
}
