package dev.nudge.analytics;

import dev.nudge.events.DecisionOutcome;
import dev.nudge.events.EngagementType;
import dev.nudge.events.SmsIntent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static dev.nudge.analytics.Events.MARCH_2;
import static dev.nudge.analytics.Events.decision;
import static dev.nudge.analytics.Events.engagement;
import static dev.nudge.analytics.Events.item;
import static dev.nudge.analytics.Events.purchase;
import static dev.nudge.analytics.Events.receipt;
import static dev.nudge.analytics.Events.text;
import static org.assertj.core.api.Assertions.assertThat;

class AttributionTest {

    private static final Duration DAY = Duration.ofDays(1);

    private final Attribution attribution = new Attribution(AttributionSettings.defaults());
    private final AttributionState state = new AttributionState();

    @Test
    void aPurchaseAfterADeliveredTextCountsForItWithTheOfferedItem() {
        SmsIntent step0 = sentAndDelivered("anna", "coffee", 0, "kit", MARCH_2);

        List<Conversion> conversions = attribution.attribute(state,
                purchase("anna", "o-1", MARCH_2.plus(DAY), item("kit", 1, 2400), item("beans", 2, 900)));

        assertThat(conversions).singleElement().satisfies(c -> {
            assertThat(c.conversionId).isEqualTo("demo-roasters:o-1:text");
            assertThat(c.holdout).isFalse();
            assertThat(c.messageId).isEqualTo(step0.getIntentId());
            assertThat(c.sequenceId).isEqualTo("coffee");
            assertThat(c.step).isZero();
            assertThat(c.variant).isEqualTo("A");
            assertThat(c.revenueMinor).isEqualTo(4200);
            assertThat(c.offeredItem).isTrue();
            assertThat(c.offeredRevenueMinor).isEqualTo(2400);
            assertThat(c.touchedAtMillis).isEqualTo(MARCH_2.plusSeconds(60).toEpochMilli());
            assertThat(c.attributedAtMillis).isEqualTo(MARCH_2.plus(DAY).toEpochMilli());
        });
    }

    @Test
    void buyingSomethingElseCountsAsAConversionWithoutTheOfferedItem() {
        sentAndDelivered("anna", "coffee", 0, "kit", MARCH_2);

        List<Conversion> conversions = attribution.attribute(state,
                purchase("anna", "o-1", MARCH_2.plus(DAY), item("beans", 1, 900)));

        assertThat(conversions).singleElement().satisfies(c -> {
            assertThat(c.offeredItem).isFalse();
            assertThat(c.offeredRevenueMinor).isZero();
            assertThat(c.revenueMinor).isEqualTo(900);
        });
    }

    @Test
    void theLastTouchBeforeThePurchaseWins() {
        sentAndDelivered("anna", "coffee", 0, "kit", MARCH_2);
        SmsIntent step1 = sentAndDelivered("anna", "coffee", 1, "canister", MARCH_2.plus(DAY));
        sentAndDelivered("anna", "coffee", 2, "filters", MARCH_2.plus(DAY.multipliedBy(2)));

        List<Conversion> conversions = attribution.attribute(state,
                purchase("anna", "o-1", MARCH_2.plus(DAY).plusSeconds(3600), item("canister", 1, 1500)));

        assertThat(conversions).singleElement().satisfies(c -> {
            assertThat(c.messageId).isEqualTo(step1.getIntentId());
            assertThat(c.step).isEqualTo(1);
            assertThat(c.offeredItem).isTrue();
        });
    }

    @Test
    void aClickLaterThanTheDeliveryMovesTheTouch() {
        SmsIntent step0 = sentAndDelivered("anna", "coffee", 0, "kit", MARCH_2);
        SmsIntent step1 = sentAndDelivered("anna", "coffee", 1, "canister", MARCH_2.plus(DAY));
        attribution.onEngagement(state, receipt(step0, EngagementType.CLICKED, MARCH_2.plus(DAY).plusSeconds(7200)));

        List<Conversion> conversions = attribution.attribute(state,
                purchase("anna", "o-1", MARCH_2.plus(DAY).plusSeconds(7300), item("kit", 1, 2400)));

        assertThat(conversions).singleElement().satisfies(c -> assertThat(c.messageId).isEqualTo(step0.getIntentId()));
        assertThat(step1.getIntentId()).isNotEqualTo(step0.getIntentId());
    }

    @Test
    void nothingOutsideTheWindowOrBeforeTheTouchOrForFailedTexts() {
        SmsIntent delivered = sentAndDelivered("anna", "coffee", 0, "kit", MARCH_2);
        SmsIntent failed = text("anna", "coffee", 1, "A", "kit", MARCH_2.plus(DAY));
        attribution.onText(state, failed);
        attribution.onEngagement(state, receipt(failed, EngagementType.FAILED, MARCH_2.plus(DAY)));

        assertThat(attribution.attribute(state, purchase("anna", "o-before", MARCH_2.minusSeconds(1), item("kit", 1, 2400))))
                .isEmpty();
        assertThat(attribution.attribute(state, purchase("anna", "o-late",
                MARCH_2.plusSeconds(60).plus(Duration.ofDays(3)), item("kit", 1, 2400)))).isEmpty();
        assertThat(attribution.attribute(state, purchase("anna", "o-return", MARCH_2.plus(DAY), item("kit", -1, 2400))))
                .isEmpty();
        assertThat(delivered.getIntentId()).isNotNull();
    }

    @Test
    void aSequenceMayHaveItsOwnWindow() {
        Attribution sevenDays = new Attribution(AttributionSettings.defaults().withWindow("coffee", Duration.ofDays(7)));
        SmsIntent text = text("anna", "coffee", 0, "A", "kit", MARCH_2);
        sevenDays.onText(state, text);
        sevenDays.onEngagement(state, receipt(text, EngagementType.DELIVERED, MARCH_2));

        assertThat(sevenDays.attribute(state, purchase("anna", "o-1", MARCH_2.plus(Duration.ofDays(6)), item("kit", 1, 2400))))
                .hasSize(1);
    }

    @Test
    void aReceiptBeforeItsIntentStillAttributesWithTheOffer() {
        SmsIntent text = text("anna", "coffee", 0, "B", "kit", MARCH_2);
        attribution.onEngagement(state, receipt(text, EngagementType.DELIVERED, MARCH_2.plusSeconds(60)));
        attribution.onText(state, text);

        assertThat(attribution.attribute(state, purchase("anna", "o-1", MARCH_2.plus(DAY), item("kit", 1, 2400))))
                .singleElement().satisfies(c -> {
                    assertThat(c.variant).isEqualTo("B");
                    assertThat(c.offeredItem).isTrue();
                });
    }

    @Test
    void aReceiptWithoutSequenceForAnUnknownTextIsIgnored() {
        attribution.onEngagement(state, engagement("anna", "unknown", EngagementType.DELIVERED, MARCH_2));

        assertThat(state.touches).isEmpty();
    }

    @Test
    void aHeldOutCustomersPurchaseIsRecordedForLift() {
        attribution.onDecision(state, decision("bob", DecisionOutcome.HELD_OUT, "HOLDOUT", "coffee", 0, MARCH_2));
        attribution.onDecision(state, decision("bob", DecisionOutcome.ENTERED, "TRIGGERED", "tea", 0, MARCH_2));

        List<Conversion> conversions = attribution.attribute(state,
                purchase("bob", "o-9", MARCH_2.plus(DAY), item("beans", 1, 900)));

        assertThat(conversions).singleElement().satisfies(c -> {
            assertThat(c.conversionId).isEqualTo("demo-roasters:o-9:holdout:coffee");
            assertThat(c.holdout).isTrue();
            assertThat(c.messageId).isEmpty();
            assertThat(c.decisionId).contains("HELD_OUT");
            assertThat(c.sequenceId).isEqualTo("coffee");
            assertThat(c.revenueMinor).isEqualTo(900);
        });
    }

    @Test
    void theCheckoutThatGotACustomerHeldOutIsNotItsOwnConversion() {
        attribution.onDecision(state, decision("bob", DecisionOutcome.HELD_OUT, "HOLDOUT", "coffee", 0, MARCH_2));

        assertThat(attribution.attribute(state, purchase("bob", "checkout", MARCH_2, item("beans", 1, 900)))).isEmpty();
        assertThat(attribution.attribute(state, purchase("bob", "o-1", MARCH_2.plusMillis(1), item("beans", 1, 900))))
                .hasSize(1);
    }

    @Test
    void aLatePurchaseIsAttributedByItsOwnTime() {
        SmsIntent step0 = sentAndDelivered("anna", "coffee", 0, "kit", MARCH_2);
        sentAndDelivered("anna", "coffee", 1, "canister", MARCH_2.plus(DAY.multipliedBy(2)));
        attribution.expire(state, MARCH_2.plus(DAY.multipliedBy(3)).toEpochMilli());

        List<Conversion> conversions = attribution.attribute(state,
                purchase("anna", "o-early", MARCH_2.plus(DAY), item("kit", 1, 2400)));

        assertThat(conversions).singleElement().satisfies(c -> assertThat(c.messageId).isEqualTo(step0.getIntentId()));
    }

    @Test
    void aPurchaseReadBeforeTheEarlierReceiptWaitsForTheWatermarkAndGetsTheCredit() {
        SmsIntent step0 = text("anna", "coffee", 0, "A", "kit", MARCH_2);
        attribution.onText(state, step0);
        var purchase = purchase("anna", "o-1", MARCH_2.plus(DAY), item("kit", 1, 2400));

        assertThat(attribution.onPurchase(state, purchase, MARCH_2.toEpochMilli())).isEmpty();
        assertThat(attribution.nextWakeUpMillis(state)).isEqualTo(MARCH_2.plus(DAY).toEpochMilli());
        attribution.onEngagement(state, receipt(step0, EngagementType.DELIVERED, MARCH_2.plusSeconds(60)));
        assertThat(attribution.advance(state, MARCH_2.plus(DAY).toEpochMilli() - 1)).isEmpty();

        assertThat(attribution.advance(state, MARCH_2.plus(DAY).toEpochMilli())).singleElement().satisfies(c -> {
            assertThat(c.messageId).isEqualTo(step0.getIntentId());
            assertThat(c.offeredItem).isTrue();
        });
        assertThat(state.heldPurchases).isEmpty();
    }

    @Test
    void heldPurchasesAreAttributedOldestFirstOnceAndALateOneAtOnce() {
        sentAndDelivered("anna", "coffee", 0, "kit", MARCH_2);
        long watermark = MARCH_2.toEpochMilli();
        var later = purchase("anna", "o-later", MARCH_2.plus(DAY.multipliedBy(2)), item("beans", 1, 900));
        var earlier = purchase("anna", "o-earlier", MARCH_2.plus(DAY), item("kit", 1, 2400));
        assertThat(attribution.onPurchase(state, later, watermark)).isEmpty();
        assertThat(attribution.onPurchase(state, earlier, watermark)).isEmpty();
        assertThat(attribution.onPurchase(state, earlier, watermark)).as("a repeat").isEmpty();

        assertThat(attribution.advance(state, MARCH_2.plus(DAY.multipliedBy(2)).toEpochMilli()))
                .extracting(c -> c.orderId).containsExactly("o-earlier", "o-later");
        assertThat(attribution.onPurchase(state,
                purchase("anna", "o-late", MARCH_2.plus(DAY).plusSeconds(1), item("beans", 1, 900)),
                MARCH_2.plus(DAY.multipliedBy(2)).toEpochMilli()))
                .extracting(c -> c.orderId).containsExactly("o-late");
    }

    @Test
    void beyondTheCapTheOldestHeldPurchaseIsAttributedEarlyNotDropped() {
        sentAndDelivered("anna", "coffee", 0, "kit", MARCH_2);
        List<Conversion> early = new ArrayList<>();
        for (int i = 0; i <= Attribution.MAX_ENTRIES; i++) {
            early.addAll(attribution.onPurchase(state,
                    purchase("anna", "o-" + i, MARCH_2.plus(DAY).plusSeconds(i), item("beans", 1, 900)),
                    MARCH_2.toEpochMilli()));
        }
        assertThat(early).extracting(c -> c.orderId).containsExactly("o-0");
        assertThat(state.heldPurchases).hasSize(Attribution.MAX_ENTRIES);
    }

    @Test
    void repeatsAreIdempotentAndTheSamePurchaseGivesTheSameConversionId() {
        SmsIntent text = sentAndDelivered("anna", "coffee", 0, "kit", MARCH_2);
        attribution.onText(state, text);
        attribution.onEngagement(state, receipt(text, EngagementType.DELIVERED, MARCH_2.plusSeconds(60)));
        var purchase = purchase("anna", "o-1", MARCH_2.plus(DAY), item("kit", 1, 2400));

        assertThat(state.texts).hasSize(1);
        assertThat(state.touches).hasSize(1);
        assertThat(attribution.attribute(state, purchase).get(0).conversionId)
                .isEqualTo(attribution.attribute(state, purchase).get(0).conversionId);
    }

    @Test
    void everythingExpiresAfterItsWindowAndTheLateness() {
        sentAndDelivered("anna", "coffee", 0, "kit", MARCH_2);
        attribution.onDecision(state, decision("anna", DecisionOutcome.HELD_OUT, "HOLDOUT", "tea", 0, MARCH_2));
        long textGone = MARCH_2.plus(Duration.ofDays(8)).toEpochMilli();

        attribution.expire(state, MARCH_2.plus(Duration.ofDays(4)).toEpochMilli());
        assertThat(state.touches).hasSize(1);
        assertThat(state.holdouts).isEmpty();

        attribution.expire(state, attribution.nextExpiryMillis(state));
        assertThat(state.touches).isEmpty();
        assertThat(attribution.nextExpiryMillis(state)).isEqualTo(textGone);
        attribution.expire(state, textGone);
        assertThat(state.isEmpty()).isTrue();
        assertThat(attribution.nextExpiryMillis(state)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void listsAreBounded() {
        for (int i = 0; i < Attribution.MAX_ENTRIES + 50; i++) {
            attribution.onText(state, text("anna", "coffee", i, "A", null, MARCH_2.plusSeconds(i)));
        }
        assertThat(state.texts).hasSize(Attribution.MAX_ENTRIES);
        assertThat(state.texts).extracting(t -> t.step).doesNotContain(0, 49).contains(50, Attribution.MAX_ENTRIES + 49);
    }

    private SmsIntent sentAndDelivered(String customer, String sequence, int step, String offerSku, Instant at) {
        SmsIntent text = text(customer, sequence, step, "A", offerSku, at);
        attribution.onText(state, text);
        attribution.onEngagement(state, receipt(text, EngagementType.DELIVERED, at.plusSeconds(60)));
        return text;
    }
}
