package dev.nudge.analytics;

import dev.nudge.events.DecisionOutcome;
import dev.nudge.events.EngagementType;
import dev.nudge.events.SmsIntent;
import java.time.Duration;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.nudge.analytics.Events.MARCH_2;
import static dev.nudge.analytics.Events.decision;
import static dev.nudge.analytics.Events.item;
import static dev.nudge.analytics.Events.purchase;
import static dev.nudge.analytics.Events.receipt;
import static dev.nudge.analytics.Events.text;
import static org.assertj.core.api.Assertions.assertThat;

/** The Flink adapter on an operator harness in event time: conversions out, and state that drains to nothing. */
class AttributionFunctionTest {

    private static final Duration DAY = Duration.ofDays(1);

    private KeyedOneInputStreamOperatorTestHarness<String, AnalyticsInput, Conversion> harness;

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void attributesThenDrainsToNoStateAndNoTimers() throws Exception {
        SmsIntent step0 = text("anna", "coffee", 0, "A", "kit", MARCH_2);
        input(AnalyticsInput.of(step0));
        input(AnalyticsInput.of(receipt(step0, EngagementType.DELIVERED, MARCH_2.plusSeconds(30))));
        input(AnalyticsInput.of(decision("bob", DecisionOutcome.HELD_OUT, "HOLDOUT", "coffee", 0, MARCH_2)));
        input(AnalyticsInput.of(purchase("anna", "o-1", MARCH_2.plus(DAY), item("kit", 1, 2400))));
        input(AnalyticsInput.of(purchase("bob", "o-2", MARCH_2.plus(DAY), item("beans", 1, 900))));
        assertThat(harness.extractOutputValues()).as("held until the watermark passes them").isEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);

        harness.processWatermark(MARCH_2.plus(DAY).toEpochMilli());

        assertThat(harness.extractOutputValues()).extracting(c -> c.conversionId)
                .containsExactlyInAnyOrder("demo-roasters:o-1:text", "demo-roasters:o-2:holdout:coffee");
        assertThat(harness.numKeyedStateEntries()).isPositive();
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);

        harness.processWatermark(MARCH_2.plus(Duration.ofDays(9)).toEpochMilli());

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aPurchaseReadBeforeItsEarlierDeliveryReceiptStillGetsTheCreditThenStateDrains() throws Exception {
        SmsIntent step0 = text("anna", "coffee", 0, "A", "kit", MARCH_2);
        input(AnalyticsInput.of(step0));
        harness.processWatermark(MARCH_2.toEpochMilli());
        // The purchases topic was read ahead of the engagements topic: the purchase comes first.
        input(AnalyticsInput.of(purchase("anna", "o-1", MARCH_2.plusSeconds(90), item("kit", 1, 2400))));
        input(AnalyticsInput.of(receipt(step0, EngagementType.DELIVERED, MARCH_2.plusSeconds(30))));
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(MARCH_2.plusSeconds(90).toEpochMilli());

        assertThat(harness.extractOutputValues()).singleElement().satisfies(c -> {
            assertThat(c.messageId).isEqualTo(step0.getIntentId());
            assertThat(c.offeredRevenueMinor).isEqualTo(2400);
        });
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        harness.processWatermark(MARCH_2.plus(Duration.ofDays(9)).toEpochMilli());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aLatePurchaseBehindTheWatermarkIsStillAttributed() throws Exception {
        SmsIntent step0 = text("anna", "coffee", 0, "A", "kit", MARCH_2);
        SmsIntent step1 = text("anna", "coffee", 1, "A", "canister", MARCH_2.plus(DAY.multipliedBy(2)));
        input(AnalyticsInput.of(step0));
        input(AnalyticsInput.of(receipt(step0, EngagementType.DELIVERED, MARCH_2)));
        input(AnalyticsInput.of(step1));
        input(AnalyticsInput.of(receipt(step1, EngagementType.DELIVERED, MARCH_2.plus(DAY.multipliedBy(2)))));
        harness.processWatermark(MARCH_2.plus(DAY.multipliedBy(3)).toEpochMilli());

        input(AnalyticsInput.of(purchase("anna", "o-late", MARCH_2.plus(DAY), item("kit", 1, 2400))));

        assertThat(harness.extractOutputValues()).singleElement().satisfies(c -> {
            assertThat(c.messageId).isEqualTo(step0.getIntentId());
            assertThat(c.offeredItem).isTrue();
        });
    }

    @Test
    void stateSurvivesASnapshotAndRestore() throws Exception {
        SmsIntent step0 = text("anna", "coffee", 0, "A", "kit", MARCH_2);
        input(AnalyticsInput.of(step0));
        input(AnalyticsInput.of(receipt(step0, EngagementType.CLICKED, MARCH_2.plusSeconds(30))));
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        input(AnalyticsInput.of(purchase("anna", "o-1", MARCH_2.plus(DAY), item("kit", 1, 2400))));
        OperatorSubtaskState withHeldPurchase = harness.snapshot(2, 2);
        harness.close();

        harness = newHarness();
        harness.initializeState(withHeldPurchase);
        harness.open();
        harness.processWatermark(MARCH_2.plus(DAY).toEpochMilli());

        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(c -> assertThat(c.messageId).isEqualTo(step0.getIntentId()));
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void noRecordOrStateTypeFallsBackToKryo() {
        for (Class<?> type : new Class<?>[] {AnalyticsInput.class, AttributionState.class, Conversion.class}) {
            TypeInformation<?> info = TypeInformation.of(type);
            assertThat(info).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
            SerializerConfigImpl noGenerics = new SerializerConfigImpl();
            noGenerics.setGenericTypes(false);
            // createSerializer throws when any nested field would need Kryo.
            assertThat(info.createSerializer(noGenerics)).isNotNull();
        }
    }

    private void input(AnalyticsInput input) throws Exception {
        harness.processElement(new StreamRecord<>(input, input.eventTimeMillis()));
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, AnalyticsInput, Conversion> newHarness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AttributionFunction(AttributionSettings.defaults())),
                AnalyticsInput::customerKey, TypeInformation.of(String.class));
    }
}
