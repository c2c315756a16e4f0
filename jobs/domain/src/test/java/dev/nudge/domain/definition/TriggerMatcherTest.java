package dev.nudge.domain.definition;

import dev.nudge.domain.catalog.Catalog;
import dev.nudge.domain.catalog.CatalogItem;
import dev.nudge.domain.event.BrowseKind;
import dev.nudge.domain.event.BrowseSignal;
import dev.nudge.domain.event.CustomerChange;
import dev.nudge.domain.event.CustomerChangeKind;
import dev.nudge.domain.event.Purchase;
import dev.nudge.domain.event.PurchaseLine;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TriggerMatcherTest {

    private static final Instant AT = Instant.parse("2024-05-01T15:00:00Z");
    private static final PurchaseLine BEANS = new PurchaseLine("BEANS-1", "coffee", 1, 1800);
    private static final PurchaseLine MUG = new PurchaseLine("MUG-1", "equipment", 1, 2200);
    private static final PurchaseLine TEA = new PurchaseLine("TEA-1", "tea", 1, 900);

    private static final Catalog CATALOG = sku -> Optional.ofNullable(Map.of(
            "BEANS-1", item("BEANS-1", "coffee", 14),
            "TEA-1", item("TEA-1", "tea", 30),
            "MUG-1", item("MUG-1", "equipment", null)).get(sku));

    @Test
    void checkoutMatchesABoughtItemThatPassesTheFilter() {
        Trigger coffee = trigger(TriggerType.CHECKOUT, Set.of(), Set.of("coffee"));

        assertThat(TriggerMatcher.matches(coffee, purchase(MUG, BEANS))).isTrue();
        assertThat(TriggerMatcher.matches(coffee, purchase(MUG, TEA))).isFalse();
        assertThat(TriggerMatcher.matches(coffee, purchase(MUG, new PurchaseLine("BEANS-1", "coffee", -1, 1800))))
                .as("a returned bag is not a coffee checkout").isFalse();
        assertThat(TriggerMatcher.matches(Trigger.of(TriggerType.CHECKOUT), purchase(TEA))).isTrue();
    }

    @Test
    void checkoutFiltersBySkuOrCategory() {
        Trigger mugOrCoffee = trigger(TriggerType.CHECKOUT, Set.of("MUG-1"), Set.of("coffee"));

        assertThat(TriggerMatcher.matches(mugOrCoffee, purchase(MUG))).isTrue();
        assertThat(TriggerMatcher.matches(mugOrCoffee, purchase(BEANS))).isTrue();
        assertThat(TriggerMatcher.matches(mugOrCoffee, purchase(TEA))).isFalse();
    }

    @Test
    void checkoutHonoursTheMinimumOrderTotal() {
        Trigger bigOrders = new Trigger(TriggerType.CHECKOUT, Set.of(), Set.of(), 4000L, null, null, null);

        assertThat(TriggerMatcher.matches(bigOrders, purchase(BEANS, MUG))).isTrue(); // 4000
        assertThat(TriggerMatcher.matches(bigOrders, purchase(BEANS))).isFalse();
    }

    @Test
    void otherTriggerTypesIgnorePurchases() {
        for (TriggerType type : List.of(TriggerType.SIGN_UP, TriggerType.RENEWAL, TriggerType.REPLENISHMENT_DUE,
                TriggerType.BROWSE_ABANDON, TriggerType.USAGE_MILESTONE)) {
            assertThat(TriggerMatcher.matches(Trigger.of(type), purchase(BEANS))).as(type.name()).isFalse();
        }
    }

    @Test
    void customerChangesMatchTheirTriggerType() {
        Trigger goldRenewal = trigger(TriggerType.RENEWAL, Set.of("PLAN-GOLD"), Set.of());
        Trigger tenthOrder = new Trigger(TriggerType.USAGE_MILESTONE, Set.of(), Set.of(), null, "10th-order", null, null);

        assertThat(TriggerMatcher.matches(Trigger.of(TriggerType.SIGN_UP), change(CustomerChangeKind.SIGN_UP, null, null))).isTrue();
        assertThat(TriggerMatcher.matches(Trigger.of(TriggerType.SIGN_UP), change(CustomerChangeKind.PROFILE_CHANGED, null, null))).isFalse();
        assertThat(TriggerMatcher.matches(Trigger.of(TriggerType.RENEWAL), change(CustomerChangeKind.RENEWAL, null, "PLAN-BASIC"))).isTrue();
        assertThat(TriggerMatcher.matches(goldRenewal, change(CustomerChangeKind.RENEWAL, null, "PLAN-GOLD"))).isTrue();
        assertThat(TriggerMatcher.matches(goldRenewal, change(CustomerChangeKind.RENEWAL, null, "PLAN-BASIC"))).isFalse();
        assertThat(TriggerMatcher.matches(tenthOrder, change(CustomerChangeKind.USAGE_MILESTONE, "10th-order", null))).isTrue();
        assertThat(TriggerMatcher.matches(tenthOrder, change(CustomerChangeKind.USAGE_MILESTONE, "5th-order", null))).isFalse();
        assertThat(TriggerMatcher.matches(Trigger.of(TriggerType.CHECKOUT), change(CustomerChangeKind.SIGN_UP, null, null))).isFalse();
    }

    @Test
    void replenishmentRunsOutAfterDaysTimesQuantity() {
        Trigger fiveDaysBefore = replenishment(5, Set.of());
        var twoLinesOfBeans = purchase(new PurchaseLine("BEANS-1", "coffee", 2, 1800), MUG,
                new PurchaseLine("BEANS-1", "coffee", 1, 1800));

        List<ReplenishmentDue> dues = TriggerMatcher.replenishmentsFor(fiveDaysBefore, twoLinesOfBeans, CATALOG);

        // 3 bags × 14 days = 42 days; remind 5 days before
        assertThat(dues).containsExactly(new ReplenishmentDue("order-1", "BEANS-1", "coffee", 3, AT,
                AT.plus(Duration.ofDays(42)), AT.plus(Duration.ofDays(37))));
    }

    @Test
    void replenishmentHonoursTheFilterAndSkipsWhatDoesNotRunOut() {
        var order = purchase(BEANS, TEA, MUG, new PurchaseLine("GONE-1", "coffee", 1, 100));

        assertThat(TriggerMatcher.replenishmentsFor(replenishment(5, Set.of("tea")), order, CATALOG))
                .extracting(ReplenishmentDue::sku).containsExactly("TEA-1");
        assertThat(TriggerMatcher.replenishmentsFor(replenishment(5, Set.of()), order, CATALOG))
                .extracting(ReplenishmentDue::sku).containsExactly("BEANS-1", "TEA-1");
        assertThat(TriggerMatcher.replenishmentsFor(Trigger.of(TriggerType.CHECKOUT), order, CATALOG)).isEmpty();
        assertThat(TriggerMatcher.replenishmentsFor(replenishment(5, Set.of()),
                purchase(new PurchaseLine("BEANS-1", "coffee", -1, 1800)), CATALOG)).isEmpty();
    }

    @Test
    void aReminderIsNeverDueBeforeThePurchase() {
        var due = TriggerMatcher.replenishmentsFor(replenishment(20, Set.of()), purchase(BEANS), CATALOG).get(0);

        assertThat(due.runOutAt()).isEqualTo(AT.plus(Duration.ofDays(14)));
        assertThat(due.remindAt()).isEqualTo(AT);
    }

    @Test
    void viewsAndCartAddsStartAnAbandonWatch() {
        Trigger abandon = new Trigger(TriggerType.BROWSE_ABANDON, Set.of(), Set.of("coffee"), null, null, null,
                Duration.ofHours(2));

        assertThat(TriggerMatcher.abandonWatchFor(abandon, browse(BrowseKind.VIEW, "BEANS-1", "coffee")))
                .contains(new AbandonWatch("BEANS-1", "coffee", AT, AT.plus(Duration.ofHours(2))));
        assertThat(TriggerMatcher.abandonWatchFor(abandon, browse(BrowseKind.ADD_TO_CART, "BEANS-1", "coffee"))).isPresent();
        assertThat(TriggerMatcher.abandonWatchFor(abandon, browse(BrowseKind.VIEW, "TEA-1", "tea"))).isEmpty();
        assertThat(TriggerMatcher.abandonWatchFor(abandon, browse(BrowseKind.SEARCH, null, "coffee"))).isEmpty();
        assertThat(TriggerMatcher.abandonWatchFor(abandon, browse(BrowseKind.REMOVE_FROM_CART, "BEANS-1", "coffee"))).isEmpty();
        assertThat(TriggerMatcher.abandonWatchFor(Trigger.of(TriggerType.CHECKOUT), browse(BrowseKind.VIEW, "BEANS-1", "coffee"))).isEmpty();
    }

    @Test
    void buyingTheItemOrItsCategoryOrUncartingItCancelsTheWatch() {
        var watch = new AbandonWatch("BEANS-1", "coffee", AT, AT.plus(Duration.ofHours(2)));
        var otherCoffee = new PurchaseLine("BEANS-2", "coffee", 1, 1900);

        assertThat(TriggerMatcher.cancels(watch, purchase(BEANS))).isTrue();
        assertThat(TriggerMatcher.cancels(watch, purchase(otherCoffee))).isTrue();
        assertThat(TriggerMatcher.cancels(watch, purchase(MUG))).isFalse();
        assertThat(TriggerMatcher.cancels(watch, browse(BrowseKind.REMOVE_FROM_CART, "BEANS-1", "coffee"))).isTrue();
        assertThat(TriggerMatcher.cancels(watch, browse(BrowseKind.VIEW, "BEANS-1", "coffee"))).isFalse();
        assertThat(watch.isDue(AT.plus(Duration.ofHours(2)).minusMillis(1))).isFalse();
        assertThat(watch.isDue(AT.plus(Duration.ofHours(2)))).isTrue();
    }

    private static Trigger trigger(TriggerType type, Set<String> skus, Set<String> categories) {
        return new Trigger(type, skus, categories, null, null, null, null);
    }

    private static Trigger replenishment(int daysBefore, Set<String> categories) {
        return new Trigger(TriggerType.REPLENISHMENT_DUE, Set.of(), categories, null, null, daysBefore, null);
    }

    private static Purchase purchase(PurchaseLine... lines) {
        long total = 0;
        for (PurchaseLine line : lines) {
            total += line.quantity() * line.unitPriceMinor();
        }
        return new Purchase("order-1", AT, List.of(lines), total, "USD");
    }

    private static CustomerChange change(CustomerChangeKind kind, String milestone, String planSku) {
        return new CustomerChange(AT, kind, null, null, null, null, null, null, milestone, planSku);
    }

    private static BrowseSignal browse(BrowseKind kind, String sku, String category) {
        return new BrowseSignal(AT, kind, sku, category, null);
    }

    private static CatalogItem item(String sku, String category, Integer replenishmentDays) {
        return new CatalogItem(sku, sku, category, 1000, "USD", 10, true, null, List.of(), List.of(),
                replenishmentDays, null, null, null);
    }
}
