package dev.nudge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.nudge.events.CatalogUpdate;
import dev.nudge.platform.kafka.AvroCodec;
import org.junit.jupiter.api.Test;

class CatalogGeneratorTest {

    private static final SimulationConfig CONFIG = SimulationConfig.defaults();
    private final SimCatalog catalog = CatalogGenerator.generate(CONFIG);
    private final Map<String, Product> bySku = catalog.products().stream()
            .collect(Collectors.toMap(Product::sku, Function.identity()));

    @Test
    void aboutSixtySkusInEveryCategoryWithUniqueSkusAndShopUrls() {
        assertThat(catalog.products()).hasSizeBetween(55, 65);
        assertThat(bySku).hasSameSizeAs(catalog.products());
        assertThat(catalog.products()).extracting(Product::category).containsAll(List.of(Category.values()));
        assertThat(catalog.products()).allSatisfy(product -> {
            assertThat(product.url()).isEqualTo("https://shop.example/p/" + product.sku());
            assertThat(product.priceMinor()).isPositive();
        });
    }

    @Test
    void everyRelationPointsAtAnExistingOtherSku() {
        for (Product product : catalog.products()) {
            assertThat(product.addOns()).as(product.sku() + " add-ons").allSatisfy(sku ->
                    assertThat(bySku).containsKey(sku)).doesNotContain(product.sku());
            assertThat(product.complements()).as(product.sku() + " complements").allSatisfy(sku ->
                    assertThat(bySku).containsKey(sku)).doesNotContain(product.sku());
            if (product.upgradeTo() != null) {
                assertThat(bySku).containsKey(product.upgradeTo());
            }
        }
        assertThat(catalog.products().stream().filter(p -> !p.addOns().isEmpty()).count()).isGreaterThan(30);
    }

    @Test
    void membershipsFormALadderBasicPlusPremium() {
        assertThat(bySku.get("club-basic").upgradeTo()).isEqualTo("club-plus");
        assertThat(bySku.get("club-plus").upgradeTo()).isEqualTo("club-premium");
        assertThat(bySku.get("club-premium").upgradeTo()).isNull();
        assertThat(bySku.get("club-basic").priceMinor()).isLessThan(bySku.get("club-plus").priceMinor());
        assertThat(bySku.get("club-plus").priceMinor()).isLessThan(bySku.get("club-premium").priceMinor());
        assertThat(catalog.shelf(Category.MEMBERSHIP)).as("joined, never picked off the shelf").isEmpty();
    }

    @Test
    void replenishableItemsLastAsLongAsTheirKind() {
        assertThat(catalog.products()).filteredOn(p -> p.category() == Category.COFFEE && p.replenishable())
                .hasSizeGreaterThan(10)
                .allSatisfy(p -> assertThat(p.replenishmentDays()).isBetween(14, 30));
        assertThat(catalog.products()).filteredOn(p -> p.sku().contains("kibble"))
                .allSatisfy(p -> assertThat(p.replenishmentDays()).isEqualTo(30));
        assertThat(catalog.products()).filteredOn(p -> p.category() == Category.SKINCARE && p.replenishable())
                .hasSizeGreaterThan(3)
                .allSatisfy(p -> assertThat(p.replenishmentDays()).isEqualTo(45));
    }

    @Test
    void seasonalItemsAreSoldOnlyInTheirWindowWhichMayWrapTheYear() {
        Product holiday = bySku.get("cof-holiday-12");
        Product coldBrew = bySku.get("cof-cold-brew-32");
        Product handCream = bySku.get("skin-hand-cream");

        assertThat(holiday.inSeason(LocalDate.parse("2025-11-14"))).isFalse();
        assertThat(holiday.inSeason(LocalDate.parse("2025-11-15"))).isTrue();
        assertThat(holiday.inSeason(LocalDate.parse("2025-12-31"))).isTrue();
        assertThat(holiday.inSeason(LocalDate.parse("2026-01-01"))).isFalse();
        assertThat(coldBrew.inSeason(LocalDate.parse("2025-07-04"))).isTrue();
        assertThat(coldBrew.inSeason(LocalDate.parse("2025-11-20"))).isFalse();
        assertThat(handCream.inSeason(LocalDate.parse("2026-01-20"))).isTrue();
        assertThat(handCream.inSeason(LocalDate.parse("2025-06-01"))).isFalse();
        assertThat(catalog.availableAt("cof-holiday-12", Instant.parse("2025-11-10T12:00:00Z"))).isFalse();
        assertThat(catalog.availableAt("cof-holiday-12", Instant.parse("2025-11-20T12:00:00Z")))
                .isEqualTo(catalog.stockAt("cof-holiday-12", Instant.parse("2025-11-20T12:00:00Z")) > 0);
    }

    @Test
    void theRunStartsWithTheWholeCatalogThenPriceChangesAndStockOutsFollowAsLaterFullUpdates() {
        List<SimEvent> updates = catalog.updates();
        List<CatalogUpdate> initial = updates.stream().filter(e -> e.eventTime().equals(CONFIG.start()))
                .map(e -> (CatalogUpdate) e.value()).toList();
        List<CatalogUpdate> later = updates.stream().filter(e -> e.eventTime().isAfter(CONFIG.start()))
                .map(e -> (CatalogUpdate) e.value()).toList();

        assertThat(initial).extracting(CatalogUpdate::getSku).containsExactlyInAnyOrderElementsOf(bySku.keySet());
        assertThat(later).hasSize(catalog.changeCount()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(later).anySatisfy(update -> assertThat(update.getStock()).isZero());
        assertThat(later).anySatisfy(update ->
                assertThat(update.getPriceMinor()).isNotEqualTo(bySku.get(update.getSku()).priceMinor()));
        assertThat(later).allSatisfy(update -> {
            assertThat(update.getEventTime()).isBefore(CONFIG.end());
            assertThat(catalog.priceAt(update.getSku(), update.getEventTime())).isEqualTo(update.getPriceMinor());
            assertThat(catalog.stockAt(update.getSku(), update.getEventTime())).isEqualTo(update.getStock());
        });
        assertThat(later).filteredOn(u -> u.getSku().startsWith("club-")).isEmpty();
    }

    @Test
    void recordsCarryTheRelationsAndSeasonsAndSurviveTheCodec() {
        AvroCodec<CatalogUpdate> codec = AvroCodec.of(CatalogUpdate.class);
        Map<String, CatalogUpdate> first = catalog.updates().stream().map(e -> (CatalogUpdate) e.value())
                .collect(Collectors.toMap(CatalogUpdate::getSku, Function.identity(), (a, b) -> a));

        CatalogUpdate holiday = codec.decode(codec.encode(first.get("cof-holiday-12")));
        assertThat(holiday.getSeasonStart()).isEqualTo("11-15");
        assertThat(holiday.getSeasonEnd()).isEqualTo("12-31");
        assertThat(holiday.getReplenishmentDays()).isEqualTo(21);
        assertThat(holiday.getTenant().getBrandId()).isEqualTo("acme-coffee");
        assertThat(first.get("cof-cold-brew-32").getSeasonStart()).isEqualTo("05-01");
        assertThat(first.get("cof-cold-brew-32").getSeasonEnd()).isEqualTo("08-31");
        assertThat(first.get("cof-house-12").getAddOns()).contains("gear-canister");
        assertThat(first.get("cof-house-12").getComplements()).contains("gear-pourover");
        assertThat(first.get("club-plus").getUpgradeTo()).isEqualTo("club-premium");
        assertThat(first.get("cof-house-12").getUrl()).isEqualTo("https://shop.example/p/cof-house-12");
        assertThat(Set.copyOf(first.values().stream().map(CatalogUpdate::getCategory).toList()))
                .containsExactlyInAnyOrder("coffee", "tea", "equipment", "pet-food", "skincare", "membership");
    }

    @Test
    void theSeedMovesPricesAndStockNotTheAssortment() {
        SimCatalog other = CatalogGenerator.generate(CONFIG.withSeed(CONFIG.seed() + 1));
        assertThat(other.products()).isEqualTo(catalog.products());
        assertThat(StreamDigest.of(other.updates().iterator())).isNotEqualTo(StreamDigest.of(catalog.updates().iterator()));
    }
}
