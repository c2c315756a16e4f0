package dev.nudge.domain.offer;

import static dev.nudge.domain.offer.ItemBuilder.catalogOf;
import static dev.nudge.domain.offer.ItemBuilder.item;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OfferCheckTest {

    private final Offer chosen = Offer.of(item("sku-1").price(2500, "USD").build(), "add-on of sku-0");

    @Test
    void anUnchangedItemIsOk() {
        OfferCheck check = OfferCheck.atSendTime(chosen, catalogOf(item("sku-1").price(2500, "USD").build()));
        assertThat(check).isEqualTo(OfferCheck.OK);
        assertThat(check.sendable()).isTrue();
    }

    @Test
    void stockLevelsAndOtherFieldsMayChange() {
        assertThat(OfferCheck.atSendTime(chosen, catalogOf(item("sku-1").price(2500, "USD").stock(1)
                .category("elsewhere").build()))).isEqualTo(OfferCheck.OK);
    }

    @Test
    void aVanishedSkuIsUnknown() {
        assertThat(OfferCheck.atSendTime(chosen, catalogOf())).isEqualTo(OfferCheck.UNKNOWN_SKU);
    }

    @Test
    void anInactiveItemMustNotBeSent() {
        OfferCheck check = OfferCheck.atSendTime(chosen, catalogOf(item("sku-1").price(2500, "USD").inactive().build()));
        assertThat(check).isEqualTo(OfferCheck.INACTIVE);
        assertThat(check.sendable()).isFalse();
    }

    @Test
    void aSoldOutItemMustNotBeSent() {
        assertThat(OfferCheck.atSendTime(chosen, catalogOf(item("sku-1").price(2500, "USD").stock(0).build())))
                .isEqualTo(OfferCheck.OUT_OF_STOCK);
    }

    @Test
    void inactiveIsReportedBeforeOutOfStock() {
        assertThat(OfferCheck.atSendTime(chosen, catalogOf(item("sku-1").price(999, "USD").stock(0).inactive()
                .build()))).isEqualTo(OfferCheck.INACTIVE);
    }

    @Test
    void aNewPriceOrCurrencyMeansRepriced() {
        assertThat(OfferCheck.atSendTime(chosen, catalogOf(item("sku-1").price(2400, "USD").build())))
                .isEqualTo(OfferCheck.REPRICED);
        assertThat(OfferCheck.atSendTime(chosen, catalogOf(item("sku-1").price(2500, "CAD").build())))
                .isEqualTo(OfferCheck.REPRICED);
    }
}
