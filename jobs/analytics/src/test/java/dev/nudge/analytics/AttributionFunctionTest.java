package dev.nudge.analytics;

import dev.nudge.domain.definition.DefinitionParseResult;
import dev.nudge.domain.definition.DefinitionParser;
import dev.nudge.events.DecisionOutcome;
import dev.nudge.events.EngagementType;
import dev.nudge.events.SequenceDefinition;
import dev.nudge.events.SmsIntent;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
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

    private KeyedBroadcastOperatorTestHarness<String, AnalyticsInput, SequenceDefinition, Conversion> harness;

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

        harness.watermark(MARCH_2.plus(DAY).toEpochMilli());

        assertThat(harness.extractOutputValues()).extracting(c -> c.conversionId)
                .containsExactlyInAnyOrder("demo-roasters:o-1:text", "demo-roasters:o-2:holdout:coffee");
        assertThat(keyedStateEntries()).isPositive();
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);

        harness.watermark(MARCH_2.plus(Duration.ofDays(9)).toEpochMilli());

        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aPurchaseReadBeforeItsEarlierDeliveryReceiptStillGetsTheCreditThenStateDrains() throws Exception {
        SmsIntent step0 = text("anna", "coffee", 0, "A", "kit", MARCH_2);
        input(AnalyticsInput.of(step0));
        harness.watermark(MARCH_2.toEpochMilli());
        // The purchases topic was read ahead of the engagements topic: the purchase comes first.
        input(AnalyticsInput.of(purchase("anna", "o-1", MARCH_2.plusSeconds(90), item("kit", 1, 2400))));
        input(AnalyticsInput.of(receipt(step0, EngagementType.DELIVERED, MARCH_2.plusSeconds(30))));
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.watermark(MARCH_2.plusSeconds(90).toEpochMilli());

        assertThat(harness.extractOutputValues()).singleElement().satisfies(c -> {
            assertThat(c.messageId).isEqualTo(step0.getIntentId());
            assertThat(c.offeredRevenueMinor).isEqualTo(2400);
        });
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        harness.watermark(MARCH_2.plus(Duration.ofDays(9)).toEpochMilli());
        assertThat(keyedStateEntries()).isZero();
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
        // Within the allowed lateness (1 day): 20 hours behind event time.
        harness.watermark(MARCH_2.plus(DAY).plus(Duration.ofHours(20)).toEpochMilli());

        input(AnalyticsInput.of(purchase("anna", "o-late", MARCH_2.plus(DAY), item("kit", 1, 2400))));

        assertThat(harness.extractOutputValues()).singleElement().satisfies(c -> {
            assertThat(c.messageId).isEqualTo(step0.getIntentId());
            assertThat(c.offeredItem).isTrue();
        });
    }

    @Test
    void aPurchaseLaterThanTheAllowedLatenessIsKeptAsideAndCountedNotDropped() throws Exception {
        SmsIntent step0 = text("anna", "coffee", 0, "A", "kit", MARCH_2);
        input(AnalyticsInput.of(step0));
        input(AnalyticsInput.of(receipt(step0, EngagementType.DELIVERED, MARCH_2)));
        // Event time is 6 days on: the purchase a day after the text is 5 days late, 4 more than the allowed 1 day.
        harness.watermark(MARCH_2.plus(DAY.multipliedBy(6)).toEpochMilli());
        input(AnalyticsInput.of(purchase("anna", "o-very-late", MARCH_2.plus(DAY), item("kit", 1, 2400))));
        // Within the allowed lateness: attributed as usual.
        input(AnalyticsInput.of(purchase("anna", "o-late", MARCH_2.plus(DAY.multipliedBy(5)).plusSeconds(1),
                item("beans", 1, 900))));

        assertThat(harness.getSideOutput(AttributionFunction.LATE_PURCHASES)).as("kept aside")
                .extracting(record -> record.getValue().purchase.getOrderId()).containsExactly("o-very-late");
        assertThat(harness.getSideOutput(AttributionFunction.LATE_PURCHASES)).singleElement()
                .satisfies(record -> assertThat(record.getValue().watermarkMillis)
                        .isEqualTo(MARCH_2.plus(DAY.multipliedBy(6)).toEpochMilli()));
        assertThat(harness.extractOutputValues()).as("not attributed").isEmpty();
    }

    @Test
    void theWindowComesFromTheSequenceDefinitionAndItsNewestVersionWins() throws Exception {
        define("coffee", 2, "PT2H");
        define("coffee", 1, "P7D");
        SmsIntent step0 = text("anna", "coffee", 0, "A", "kit", MARCH_2);
        input(AnalyticsInput.of(step0));
        input(AnalyticsInput.of(receipt(step0, EngagementType.DELIVERED, MARCH_2)));
        input(AnalyticsInput.of(purchase("anna", "o-1", MARCH_2.plus(Duration.ofHours(3)), item("kit", 1, 2400))));
        harness.watermark(MARCH_2.plus(DAY).toEpochMilli());
        assertThat(harness.extractOutputValues()).as("3 h after the text, outside its 2 h window").isEmpty();

        SmsIntent later = text("anna", "coffee", 1, "A", "kit", MARCH_2.plus(DAY));
        input(AnalyticsInput.of(later));
        input(AnalyticsInput.of(receipt(later, EngagementType.DELIVERED, MARCH_2.plus(DAY))));
        input(AnalyticsInput.of(purchase("anna", "o-2", MARCH_2.plus(DAY).plus(Duration.ofHours(1)),
                item("kit", 1, 2400))));
        harness.watermark(MARCH_2.plus(DAY.multipliedBy(2)).toEpochMilli());
        assertThat(harness.extractOutputValues()).extracting(c -> c.orderId).containsExactly("o-2");

        harness.watermark(MARCH_2.plus(Duration.ofDays(9)).toEpochMilli());
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
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
        harness.watermark(MARCH_2.plus(DAY).toEpochMilli());

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

    private static KeyedBroadcastOperatorTestHarness<String, AnalyticsInput, SequenceDefinition, Conversion> newHarness()
            throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(new AttributionFunction(AttributionSettings.defaults()),
                        List.of(AttributionFunction.WINDOWS)),
                AnalyticsInput::customerKey, Types.STRING, 1, 1, 0);
    }

    private int keyedStateEntries() {
        AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) harness.getOperator();
        return ((HeapKeyedStateBackend<?>) operator.getKeyedStateBackend()).numKeyValueStateEntries();
    }

    /** A sequence definition of the brand the test events belong to, with the given attribution window. */
    private void define(String sequenceId, int version, String window) throws Exception {
        String yaml = """
                id: %s
                version: %d
                status: LIVE
                brandId: demo-roasters
                trigger: {type: CHECKOUT, categories: [coffee]}
                steps:
                  - delay: {after: P1D}
                    templates: {en-US: "Hi {firstName}"}
                reentry: {policy: NEVER}
                attributionWindow: %s
                """.formatted(sequenceId, version, window);
        DefinitionParseResult parsed = DefinitionParser.parse(yaml);
        assertThat(parsed).isInstanceOf(DefinitionParseResult.Accepted.class);
        var accepted = (DefinitionParseResult.Accepted) parsed;
        harness.processBroadcastElement(new SequenceDefinition(sequenceId, version, "demo-roasters", MARCH_2,
                DefinitionParser.toJson(accepted.definition())), MARCH_2.toEpochMilli());
    }
}
