package dev.nudge.domain.definition;

import java.time.Duration;
import java.util.Set;

/**
 * What starts the sequence. Empty skus and categories mean "no filter"; when both are given an item matches if it
 * is in either. milestone applies to USAGE_MILESTONE, daysBefore to REPLENISHMENT_DUE, abandonWindow to
 * BROWSE_ABANDON and minOrderTotalMinor to CHECKOUT; they are null otherwise.
 */
public record Trigger(TriggerType type, Set<String> skus, Set<String> categories, Long minOrderTotalMinor,
                      String milestone, Integer daysBefore, Duration abandonWindow) {

    public Trigger {
        skus = skus == null ? Set.of() : Set.copyOf(skus);
        categories = categories == null ? Set.of() : Set.copyOf(categories);
    }

    public static Trigger of(TriggerType type) {
        return new Trigger(type, Set.of(), Set.of(), null, null, null, null);
    }

    public boolean filtersItems() {
        return !skus.isEmpty() || !categories.isEmpty();
    }

    /** True when an item passes the sku/category filter (always, without a filter). category may be null. */
    public boolean admitsItem(String sku, String category) {
        return !filtersItems() || skus.contains(sku) || (category != null && categories.contains(category));
    }
}
