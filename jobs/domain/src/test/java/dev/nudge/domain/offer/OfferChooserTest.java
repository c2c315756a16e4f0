package dev.nudge.domain.offer;

import dev.nudge.domain.definition.OfferStrategy;
import static dev.nudge.domain.offer.ItemBuilder.catalogOf;
import static dev.nudge.domain.offer.ItemBuilder.item;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.domain.catalog.Catalog;
import dev.nudge.domain.event.BrowseKind;
import dev.nudge.domain.event.BrowseSignal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OfferChooserTest {

    private static final Instant JUNE = Instant.parse("2025-06-10T15:00:00Z");
    private static final Instant DECEMBER = Instant.parse("2025-12-10T15:00:00Z");

    private final OfferChooser chooser = new OfferChooser();
    private final BrowsingAffinity noAffinity = new BrowsingAffinity();

    private final Catalog catalog = catalogOf(
            item("shoe").category("shoes").addOns("laces", "insoles", "spray").complements("socks", "shorts")
                    .upgradeTo("shoe-pro").build(),
            item("shoe-pro").category("shoes").price(15000, "USD").build(),
            item("laces").category("accessories").build(),
            item("insoles").category("accessories").build(),
            item("spray").category("care").stock(0).build(),
            item("socks").category("apparel").build(),
            item("shorts").category("apparel").season("04-01", "08-31").build(),
            item("dog-food").category("pets").replenishEvery(30).addOns("bowl").build(),
            item("bowl").category("pets").build(),
            item("old-plan").category("plans").upgradeTo("retired-plan").build(),
            item("retired-plan").category("plans").inactive().build(),
            item("sold-out-food").category("pets").replenishEvery(30).stock(0).build(),
            item("sandals").category("shoes").season("05-01", "08-31").build(),
            item("boots").category("shoes").season("11-01", "02-28").build(),
            item("parka").category("outerwear").season("11-01", "02-28").build(),
            item("umbrella").category("shoes").build());

    @Test
    void addOnsAreRankedBySkuWithoutAffinity() {
        Optional<Offer> offer = choose(OfferStrategy.ADD_ON, List.of("shoe"), List.of(), noAffinity, JUNE);
        assertThat(offer).contains(new Offer("insoles", "Name of insoles", 1000, "USD",
                "https://shop.example/p/insoles", "add-on of shoe"));
    }

    @Test
    void affinityDecidesBetweenCandidates() {
        BrowsingAffinity likesLaces = new BrowsingAffinity();
        likesLaces.record(new BrowseSignal(JUNE, BrowseKind.VIEW, "laces", "accessories", null));
        assertThat(choose(OfferStrategy.ADD_ON, List.of("shoe"), List.of(), likesLaces, JUNE))
                .map(Offer::sku).contains("laces");
    }

    @Test
    void ownedItemsAndUnsellableOnesAreSkipped() {
        // insoles owned, spray out of stock → laces.
        assertThat(choose(OfferStrategy.ADD_ON, List.of("shoe"), List.of("insoles"), noAffinity, JUNE))
                .map(Offer::sku).contains("laces");
        assertThat(choose(OfferStrategy.ADD_ON, List.of("shoe"), List.of("insoles", "laces"), noAffinity, JUNE))
                .isEmpty();
    }

    @Test
    void complementsRespectTheSeason() {
        BrowsingAffinity likesShorts = new BrowsingAffinity();
        likesShorts.record(new BrowseSignal(JUNE, BrowseKind.ADD_TO_CART, "shorts", "apparel", null));
        assertThat(choose(OfferStrategy.COMPLEMENT, List.of("shoe"), List.of(), likesShorts, JUNE))
                .map(Offer::why).contains("complement of shoe");
        assertThat(choose(OfferStrategy.COMPLEMENT, List.of("shoe"), List.of(), likesShorts, JUNE))
                .map(Offer::sku).contains("shorts");
        assertThat(choose(OfferStrategy.COMPLEMENT, List.of("shoe"), List.of(), likesShorts, DECEMBER))
                .map(Offer::sku).contains("socks");
    }

    @Test
    void triggerItemsAreNotOfferedAsTheirOwnAddOns() {
        Catalog cartCatalog = catalogOf(
                item("phone").addOns("case", "charger").build(),
                item("case").build(),
                item("charger").build());
        assertThat(chooser.choose(OfferStrategy.ADD_ON, List.of("phone", "case"), List.of(), noAffinity,
                cartCatalog, JUNE)).map(Offer::sku).contains("charger");
    }

    @Test
    void candidatesOfSeveralTriggersKeepTheFirstReason() {
        Catalog twoTriggers = catalogOf(
                item("a").addOns("x").build(),
                item("b").addOns("x", "y").build(),
                item("x").build(),
                item("y").build());
        assertThat(chooser.choose(OfferStrategy.ADD_ON, List.of("a", "b"), List.of(), noAffinity, twoTriggers, JUNE))
                .contains(Offer.of(item("x").build(), "add-on of a"));
    }

    @Test
    void refillOffersTheReplenishableItemItselfEvenThoughItIsOwned() {
        Optional<Offer> refill = choose(OfferStrategy.REFILL, List.of("dog-food"), List.of("dog-food"), noAffinity,
                JUNE);
        assertThat(refill).map(Offer::sku).contains("dog-food");
        assertThat(refill).map(Offer::why).contains("refill of dog-food, lasts about 30 days");
    }

    @Test
    void refillNeedsAReplenishableSellableItem() {
        assertThat(choose(OfferStrategy.REFILL, List.of("shoe"), List.of(), noAffinity, JUNE)).isEmpty();
        assertThat(choose(OfferStrategy.REFILL, List.of("sold-out-food"), List.of(), noAffinity, JUNE)).isEmpty();
        assertThat(choose(OfferStrategy.REFILL, List.of("sold-out-food", "dog-food"), List.of(), noAffinity, JUNE))
                .map(Offer::sku).contains("dog-food");
    }

    @Test
    void tierUpgradeOffersTheUpgradeTarget() {
        Optional<Offer> upgrade = choose(OfferStrategy.TIER_UPGRADE, List.of("shoe"), List.of("shoe"), noAffinity, JUNE);
        assertThat(upgrade).contains(new Offer("shoe-pro", "Name of shoe-pro", 15000, "USD",
                "https://shop.example/p/shoe-pro", "upgrade from shoe"));
    }

    @Test
    void tierUpgradeSkipsOwnedOrUnsellableTargetsAndItemsWithoutOne() {
        assertThat(choose(OfferStrategy.TIER_UPGRADE, List.of("shoe"), List.of("shoe-pro"), noAffinity, JUNE)).isEmpty();
        assertThat(choose(OfferStrategy.TIER_UPGRADE, List.of("old-plan"), List.of(), noAffinity, JUNE)).isEmpty();
        assertThat(choose(OfferStrategy.TIER_UPGRADE, List.of("socks"), List.of(), noAffinity, JUNE)).isEmpty();
    }

    @Test
    void triggerItemIsOfferedUnlessAlreadyBought() {
        assertThat(choose(OfferStrategy.TRIGGER_ITEM, List.of("shoe"), List.of(), noAffinity, JUNE))
                .map(Offer::why).contains("trigger item shoe");
        assertThat(choose(OfferStrategy.TRIGGER_ITEM, List.of("shoe"), List.of("shoe"), noAffinity, JUNE)).isEmpty();
        assertThat(choose(OfferStrategy.TRIGGER_ITEM, List.of("spray", "shoe"), List.of(), noAffinity, JUNE))
                .map(Offer::sku).contains("shoe");
    }

    @Test
    void seasonalOffersInSeasonItemsOfTheCustomersCategories() {
        BrowsingAffinity likesShoes = new BrowsingAffinity();
        likesShoes.record(new BrowseSignal(JUNE, BrowseKind.VIEW, "sandals", "shoes", null));
        likesShoes.record(new BrowseSignal(JUNE, BrowseKind.VIEW, "boots", "shoes", null));
        likesShoes.record(new BrowseSignal(JUNE, BrowseKind.VIEW, "parka", "outerwear", null));
        likesShoes.record(new BrowseSignal(JUNE, BrowseKind.VIEW, "umbrella", "shoes", null));
        assertThat(choose(OfferStrategy.SEASONAL, List.of(), List.of(), likesShoes, JUNE))
                .contains(Offer.of(item("sandals").category("shoes").season("05-01", "08-31").build(),
                        "in season, customer likes shoes"));
        // In December the boots (a season wrapping the new year) and the parka are in season; shoes is the
        // stronger category.
        assertThat(choose(OfferStrategy.SEASONAL, List.of(), List.of(), likesShoes, DECEMBER))
                .map(Offer::sku).contains("boots");
    }

    @Test
    void seasonalSkipsOwnedItemsAndUnrelatedCategories() {
        BrowsingAffinity likesShoes = new BrowsingAffinity();
        likesShoes.record(new BrowseSignal(JUNE, BrowseKind.SEARCH, null, "shoes", null));
        likesShoes.record(new BrowseSignal(JUNE, BrowseKind.REMOVE_FROM_CART, "parka", "outerwear", null));
        likesShoes.record(new BrowseSignal(JUNE, BrowseKind.VIEW, "boots", null, null));
        // The parka's category has a negative score: not a liked category.
        assertThat(choose(OfferStrategy.SEASONAL, List.of(), List.of(), likesShoes, DECEMBER)).map(Offer::sku)
                .contains("boots");
        assertThat(choose(OfferStrategy.SEASONAL, List.of(), List.of("boots"), likesShoes, DECEMBER)).isEmpty();
    }

    @Test
    void seasonalAlsoUsesTheTriggerItemsRelationsAndCategories() {
        // Without browsing only the trigger's own category counts: the shorts complement the shoe and are in
        // season, but they are apparel.
        assertThat(choose(OfferStrategy.SEASONAL, List.of("shoe"), List.of(), noAffinity, JUNE)).isEmpty();
        Catalog related = catalogOf(
                item("tent").category("camping").complements("lantern").build(),
                item("lantern").category("camping").season("03-01", "10-31").build());
        assertThat(chooser.choose(OfferStrategy.SEASONAL, List.of("tent"), List.of(), noAffinity, related, JUNE))
                .map(Offer::sku).contains("lantern");
    }

    @Test
    void noneAndUnknownTriggersOfferNothing() {
        assertThat(choose(OfferStrategy.NONE, List.of("shoe"), List.of(), noAffinity, JUNE)).isEmpty();
        assertThat(choose(OfferStrategy.ADD_ON, List.of("no-such-sku"), List.of(), noAffinity, JUNE)).isEmpty();
        assertThat(choose(OfferStrategy.ADD_ON, List.of(), List.of(), noAffinity, JUNE)).isEmpty();
    }

    @Test
    void addOnsMissingFromTheCatalogAreSkipped() {
        Catalog partial = catalogOf(item("shoe").addOns("ghost", "laces").build(), item("laces").build());
        assertThat(chooser.choose(OfferStrategy.ADD_ON, List.of("shoe"), List.of(), noAffinity, partial, JUNE))
                .map(Offer::sku).contains("laces");
    }

    @Test
    void theSameInputsAlwaysGiveTheSameOffer() {
        BrowsingAffinity affinity = new BrowsingAffinity();
        affinity.record(new BrowseSignal(JUNE, BrowseKind.VIEW, "socks", "apparel", null));
        Optional<Offer> first = choose(OfferStrategy.COMPLEMENT, List.of("shoe"), List.of(), affinity, JUNE);
        for (int i = 0; i < 20; i++) {
            assertThat(choose(OfferStrategy.COMPLEMENT, List.of("shoe"), List.of(), affinity, JUNE)).isEqualTo(first);
        }
    }

    private Optional<Offer> choose(OfferStrategy strategy, List<String> triggers, List<String> owned,
                                   BrowsingAffinity affinity, Instant now) {
        return chooser.choose(strategy, triggers, owned, affinity, catalog, now);
    }
}
