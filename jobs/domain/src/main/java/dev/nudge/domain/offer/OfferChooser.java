package dev.nudge.domain.offer;

import dev.nudge.domain.definition.OfferStrategy;
import dev.nudge.domain.catalog.Catalog;
import dev.nudge.domain.catalog.CatalogItem;
import java.time.Instant;
import java.time.MonthDay;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the product a text offers. Each strategy proposes candidates from the trigger items (what was bought,
 * carted or viewed). Dropped are: anything not sellable (inactive, out of stock) or out of season, and except
 * for REFILL whatever the customer owns, and except for REFILL and TRIGGER_ITEM the trigger items themselves.
 * The rest are ranked by browsing affinity, ties by sku, so the same inputs always give the same offer.
 *
 * <p>The {@link Catalog} can look items up but not list them, so SEASONAL draws its candidates from skus we
 * already know of: those the customer browsed, and the add-ons and complements of the trigger items. Seasons
 * are judged on the UTC date of {@code now}.
 */
public final class OfferChooser {

    private final AffinitySettings settings;

    public OfferChooser() {
        this(AffinitySettings.DEFAULTS);
    }

    public OfferChooser(AffinitySettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * @param triggerSkus the items that started the sequence, in order of importance
     * @param ownedSkus   what the customer owns or just bought
     */
    public Optional<Offer> choose(OfferStrategy strategy, Collection<String> triggerSkus,
                                  Collection<String> ownedSkus, BrowsingAffinity affinity, Catalog catalog,
                                  Instant now) {
        List<CatalogItem> triggers = lookUp(triggerSkus, catalog);
        Set<String> excluded = new HashSet<>();
        if (strategy != OfferStrategy.REFILL) {
            excluded.addAll(ownedSkus);
        }
        if (strategy != OfferStrategy.REFILL && strategy != OfferStrategy.TRIGGER_ITEM) {
            excluded.addAll(triggerSkus);
        }
        MonthDay today = MonthDay.from(now.atZone(ZoneOffset.UTC));
        Map<CatalogItem, String> whyByItem = candidates(strategy, triggers, affinity, catalog, now);
        return whyByItem.keySet().stream()
                .filter(item -> !excluded.contains(item.sku()) && item.sellable() && item.inSeason(today))
                .min(Comparator.<CatalogItem>comparingDouble(
                                item -> -affinity.score(item.sku(), item.category(), now, settings))
                        .thenComparing(CatalogItem::sku))
                .map(item -> Offer.of(item, whyByItem.get(item)));
    }

    /** Each candidate with the reason it was proposed; the first reason found for a sku is kept. */
    private Map<CatalogItem, String> candidates(OfferStrategy strategy, List<CatalogItem> triggers,
                                                BrowsingAffinity affinity, Catalog catalog, Instant now) {
        Map<String, String> whyBySku = new LinkedHashMap<>();
        for (CatalogItem trigger : triggers) {
            switch (strategy) {
                case ADD_ON -> trigger.addOns()
                        .forEach(sku -> whyBySku.putIfAbsent(sku, "add-on of " + trigger.sku()));
                case COMPLEMENT -> trigger.complements()
                        .forEach(sku -> whyBySku.putIfAbsent(sku, "complement of " + trigger.sku()));
                case REFILL -> {
                    if (trigger.replenishmentDays() != null) {
                        whyBySku.putIfAbsent(trigger.sku(), "refill of " + trigger.sku() + ", lasts about "
                                + trigger.replenishmentDays() + " days");
                    }
                }
                case TIER_UPGRADE -> {
                    if (trigger.upgradeTo() != null) {
                        whyBySku.putIfAbsent(trigger.upgradeTo(), "upgrade from " + trigger.sku());
                    }
                }
                case TRIGGER_ITEM -> whyBySku.putIfAbsent(trigger.sku(), "trigger item " + trigger.sku());
                case SEASONAL, NONE -> { }
            }
        }
        Map<CatalogItem, String> whyByItem = new LinkedHashMap<>();
        if (strategy == OfferStrategy.SEASONAL) {
            seasonalCandidates(triggers, affinity, catalog, now).forEach(item ->
                    whyByItem.put(item, "in season, customer likes " + item.category()));
        } else {
            whyBySku.forEach((sku, why) -> catalog.item(sku).ifPresent(item -> whyByItem.putIfAbsent(item, why)));
        }
        return whyByItem;
    }

    /** Items with a season whose category the customer browsed or bought into. */
    private List<CatalogItem> seasonalCandidates(List<CatalogItem> triggers, BrowsingAffinity affinity,
                                                 Catalog catalog, Instant now) {
        Set<String> categories = new LinkedHashSet<>(affinity.likedCategories(now, settings));
        triggers.stream().map(CatalogItem::category).filter(Objects::nonNull).forEach(categories::add);
        Set<String> pool = new LinkedHashSet<>(affinity.getSkus().keySet());
        triggers.forEach(trigger -> {
            pool.addAll(trigger.addOns());
            pool.addAll(trigger.complements());
        });
        return lookUp(pool, catalog).stream()
                .filter(item -> item.seasonStart() != null && categories.contains(item.category()))
                .toList();
    }

    private static List<CatalogItem> lookUp(Collection<String> skus, Catalog catalog) {
        return skus.stream().distinct().map(catalog::item).flatMap(Optional::stream).toList();
    }
}
