package dev.nudge.simulator;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * What the response model needs to know about a customer at the moment a text arrives. The caller keeps it up to
 * date (from the purchases it has seen and the texts it has delivered), so a reaction depends only on this view,
 * the seed and the intent, never on the order in which texts are processed.
 *
 * @param zone              where the customer really is (for the timing factor)
 * @param likedCategories   category codes the customer likes
 * @param boughtSkus        skus the customer has bought before
 * @param textsInLast7Days  texts delivered to the customer in the 7 days before this one
 * @param lastPurchaseAt    the customer's last purchase before the text (for the delay factor), or null when
 *                          unknown: then the delay does not matter
 */
public record CustomerView(String customerId, ZoneId zone, Set<String> likedCategories, Set<String> boughtSkus,
                           int textsInLast7Days, Instant lastPurchaseAt) {

    public CustomerView {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(zone, "zone");
        likedCategories = Set.copyOf(likedCategories);
        boughtSkus = Set.copyOf(boughtSkus);
        if (textsInLast7Days < 0) {
            throw new IllegalArgumentException("textsInLast7Days cannot be negative");
        }
    }

    /** A view without a known last purchase: the delay does not matter. */
    public CustomerView(String customerId, ZoneId zone, Set<String> likedCategories, Set<String> boughtSkus,
                        int textsInLast7Days) {
        this(customerId, zone, likedCategories, boughtSkus, textsInLast7Days, null);
    }

    public static CustomerView of(SimCustomer customer, Collection<String> boughtSkus, int textsInLast7Days) {
        return of(customer, boughtSkus, textsInLast7Days, null);
    }

    public static CustomerView of(SimCustomer customer, Collection<String> boughtSkus, int textsInLast7Days,
                                  Instant lastPurchaseAt) {
        return new CustomerView(customer.customerId(), customer.zone(), customer.likedCategoryCodes(),
                Set.copyOf(boughtSkus), textsInLast7Days, lastPurchaseAt);
    }
}
