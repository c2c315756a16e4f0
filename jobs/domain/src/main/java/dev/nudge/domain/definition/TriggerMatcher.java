package dev.nudge.domain.definition;

import dev.nudge.domain.catalog.Catalog;
import dev.nudge.domain.catalog.CatalogItem;
import dev.nudge.domain.event.BrowseKind;
import dev.nudge.domain.event.BrowseSignal;
import dev.nudge.domain.event.CustomerChange;
import dev.nudge.domain.event.CustomerChangeKind;
import dev.nudge.domain.event.Purchase;
import dev.nudge.domain.event.PurchaseLine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether domain events start a sequence. Returned lines (negative quantity) never count as bought.
 * An item passes a trigger's filter when its sku is in skus or its category in categories (no filter: any item).
 */
public final class TriggerMatcher {

    private TriggerMatcher() {}

    /** CHECKOUT: the order reaches minOrderTotalMinor and has a bought line that passes the filter. Other types: false. */
    public static boolean matches(Trigger trigger, Purchase purchase) {
        if (trigger.type() != TriggerType.CHECKOUT) {
            return false;
        }
        if (trigger.minOrderTotalMinor() != null && purchase.totalMinor() < trigger.minOrderTotalMinor()) {
            return false;
        }
        return purchase.lines().stream()
                .anyMatch(line -> line.quantity() > 0 && trigger.admitsItem(line.sku(), line.category()));
    }

    /**
     * SIGN_UP and RENEWAL match their change kind (RENEWAL with skus: only those plan skus); USAGE_MILESTONE
     * matches its named milestone. Other types: false.
     */
    public static boolean matches(Trigger trigger, CustomerChange change) {
        return switch (trigger.type()) {
            case SIGN_UP -> change.kind() == CustomerChangeKind.SIGN_UP;
            case RENEWAL -> change.kind() == CustomerChangeKind.RENEWAL
                    && (trigger.skus().isEmpty() || trigger.skus().contains(change.planSku()));
            case USAGE_MILESTONE -> change.kind() == CustomerChangeKind.USAGE_MILESTONE
                    && Objects.equals(trigger.milestone(), change.milestone());
            default -> false;
        };
    }

    /**
     * REPLENISHMENT_DUE: one entry per replenishable sku the order bought and the filter admits (the catalog
     * category counts when the line has none). Empty for other trigger types and unknown skus.
     */
    public static List<ReplenishmentDue> replenishmentsFor(Trigger trigger, Purchase purchase, Catalog catalog) {
        if (trigger.type() != TriggerType.REPLENISHMENT_DUE) {
            return List.of();
        }
        var bought = new LinkedHashMap<String, Integer>();
        var categories = new LinkedHashMap<String, String>();
        for (PurchaseLine line : purchase.lines()) {
            if (line.quantity() > 0) {
                bought.merge(line.sku(), line.quantity(), Integer::sum);
                if (line.category() != null) {
                    categories.putIfAbsent(line.sku(), line.category());
                }
            }
        }
        var dues = new ArrayList<ReplenishmentDue>();
        bought.forEach((sku, quantity) -> catalog.item(sku)
                .filter(item -> item.replenishmentDays() != null && item.replenishmentDays() > 0)
                .ifPresent(item -> {
                    String category = categories.getOrDefault(sku, item.category());
                    if (trigger.admitsItem(sku, category)) {
                        dues.add(due(trigger, purchase, item, category, quantity));
                    }
                }));
        return dues;
    }

    /** BROWSE_ABANDON: a view or add-to-cart of an item the filter admits starts a watch of abandonWindow. */
    public static Optional<AbandonWatch> abandonWatchFor(Trigger trigger, BrowseSignal signal) {
        if (trigger.type() != TriggerType.BROWSE_ABANDON || signal.sku() == null
                || (signal.kind() != BrowseKind.VIEW && signal.kind() != BrowseKind.ADD_TO_CART)
                || !trigger.admitsItem(signal.sku(), signal.category())) {
            return Optional.empty();
        }
        return Optional.of(new AbandonWatch(signal.sku(), signal.category(), signal.at(),
                signal.at().plus(trigger.abandonWindow())));
    }

    /** Buying the watched item, or any item of its category, cancels the watch: the customer did not abandon. */
    public static boolean cancels(AbandonWatch watch, Purchase purchase) {
        return purchase.lines().stream().anyMatch(line -> line.quantity() > 0
                && (line.sku().equals(watch.sku()) || (watch.category() != null && watch.category().equals(line.category()))));
    }

    /** Taking the watched item out of the cart cancels the watch: the customer decided against it. */
    public static boolean cancels(AbandonWatch watch, BrowseSignal signal) {
        return signal.kind() == BrowseKind.REMOVE_FROM_CART && watch.sku().equals(signal.sku());
    }

    private static ReplenishmentDue due(Trigger trigger, Purchase purchase, CatalogItem item, String category,
                                        int quantity) {
        Instant runOutAt = purchase.at().plus(Duration.ofDays((long) item.replenishmentDays() * quantity));
        Instant remindAt = runOutAt.minus(Duration.ofDays(trigger.daysBefore()));
        if (remindAt.isBefore(purchase.at())) {
            remindAt = purchase.at();
        }
        return new ReplenishmentDue(purchase.orderId(), item.sku(), category, quantity, purchase.at(), runOutAt, remindAt);
    }
}
