package dev.nudge.analytics;

import static dev.nudge.analytics.Events.BRAND;
import static dev.nudge.analytics.Events.MARCH_2;
import static dev.nudge.analytics.Events.engagement;
import static dev.nudge.analytics.Events.receipt;
import static dev.nudge.analytics.Events.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.domain.definition.DefinitionParseResult;
import dev.nudge.domain.definition.DefinitionParser;
import dev.nudge.events.EngagementType;
import dev.nudge.events.SequenceDefinition;
import dev.nudge.events.SmsIntent;
import dev.nudge.events.VariantOutcome;
import dev.nudge.events.VariantResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One outcome per delivered text on an operator harness in event time: a conversion at once, an opt-out at once, no
 * conversion when the window (the definition's, from the last touch) has closed; state and timers drain to nothing.
 * The expected times come from the script: delivery + window, + a day's allowed lateness before the state goes.
 */
class VariantOutcomeFunctionTest {

    private static final Duration DAY = Duration.ofDays(1);

    private KeyedBroadcastOperatorTestHarness<String, OutcomeInput, SequenceDefinition, VariantOutcome> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(new VariantOutcomeFunction(AttributionSettings.defaults()),
                        List.of(AttributionFunction.WINDOWS)),
                OutcomeInput::textKey, Types.STRING, 1, 1, 0);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void aConversionCountsAtOnceAClosedWindowAFailureAndStateDrains() throws Exception {
        define("coffee", "P7D");
        SmsIntent converts = text("anna", "coffee", 0, "B", "kit", MARCH_2);
        SmsIntent doesNot = text("bob", "coffee", 0, "A", "kit", MARCH_2);
        SmsIntent neverDelivered = text("carl", "coffee", 0, "A", "kit", MARCH_2);
        for (SmsIntent text : List.of(converts, doesNot, neverDelivered)) {
            input(OutcomeInput.of(text), MARCH_2);
        }
        input(OutcomeInput.of(receipt(converts, EngagementType.DELIVERED, MARCH_2.plusSeconds(30))), MARCH_2);
        input(OutcomeInput.of(receipt(doesNot, EngagementType.DELIVERED, MARCH_2.plusSeconds(30))), MARCH_2);
        input(OutcomeInput.of(conversion(converts, MARCH_2.plus(DAY), 2400)), MARCH_2.plus(DAY));
        input(OutcomeInput.of(conversion(converts, MARCH_2.plus(DAY.multipliedBy(2)), 900)), MARCH_2.plus(DAY));

        assertThat(harness.extractOutputValues()).singleElement().satisfies(outcome -> {
            assertThat(outcome.getOutcome()).isEqualTo(VariantResult.CONVERTED);
            assertThat(outcome.getEventId()).isEqualTo(converts.getIntentId() + ":outcome");
            assertThat(outcome.getVariant()).isEqualTo("B");
            assertThat(outcome.getRevenueMinor()).isEqualTo(2400);
            assertThat(outcome.getOfferedItem()).isTrue();
            assertThat(outcome.getEventTime()).isEqualTo(MARCH_2.plus(DAY));
        });

        Instant closes = MARCH_2.plusSeconds(30).plus(Duration.ofDays(7));
        harness.watermark(closes.minusMillis(1).toEpochMilli());
        assertThat(harness.extractOutputValues()).hasSize(1);
        harness.watermark(closes.plus(DAY).toEpochMilli());
        assertThat(harness.extractOutputValues()).hasSize(2).last().satisfies(outcome -> {
            assertThat(outcome.getOutcome()).isEqualTo(VariantResult.NOT_CONVERTED);
            assertThat(outcome.getMessageId()).isEqualTo(doesNot.getIntentId());
            assertThat(outcome.getEventTime()).isEqualTo(closes);
        });

        harness.watermark(MARCH_2.plus(Duration.ofDays(30)).toEpochMilli());
        assertThat(harness.extractOutputValues()).hasSize(2);
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void anOptOutAfterTheTextIsItsOutcomeAndNothingCountsAfterIt() throws Exception {
        SmsIntent text = text("anna", "coffee", 0, "A", "kit", MARCH_2);
        input(OutcomeInput.of(receipt(text, EngagementType.DELIVERED, MARCH_2.plusSeconds(30))), MARCH_2);
        input(OutcomeInput.of(engagement("anna", text.getIntentId(), EngagementType.OPTED_OUT, MARCH_2.plusSeconds(600))),
                MARCH_2);
        input(OutcomeInput.of(text), MARCH_2);
        input(OutcomeInput.of(conversion(text, MARCH_2.plus(DAY), 2400)), MARCH_2.plus(DAY));
        harness.watermark(MARCH_2.plus(Duration.ofDays(30)).toEpochMilli());

        assertThat(harness.extractOutputValues()).singleElement().satisfies(outcome -> {
            assertThat(outcome.getOutcome()).isEqualTo(VariantResult.OPTED_OUT);
            assertThat(outcome.getSequenceId()).isEqualTo("coffee");
            assertThat(outcome.getTenant().getBrandId()).isEqualTo(BRAND);
        });
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aPurchaseWithoutTheOfferedItemCountsAsAConversionWithoutItWhenTheWindowCloses() throws Exception {
        SmsIntent text = text("anna", "coffee", 0, "A", "kit", MARCH_2);
        input(OutcomeInput.of(text), MARCH_2);
        input(OutcomeInput.of(receipt(text, EngagementType.DELIVERED, MARCH_2)), MARCH_2);
        input(OutcomeInput.of(conversion(text, MARCH_2.plus(DAY), 900, false)), MARCH_2.plus(DAY));
        assertThat(harness.extractOutputValues()).as("an offered-item purchase may still come").isEmpty();

        harness.watermark(MARCH_2.plus(Duration.ofDays(30)).toEpochMilli());
        assertThat(harness.extractOutputValues()).singleElement().satisfies(outcome -> {
            assertThat(outcome.getOutcome()).isEqualTo(VariantResult.CONVERTED);
            assertThat(outcome.getOfferedItem()).isFalse();
            assertThat(outcome.getRevenueMinor()).isEqualTo(900);
            assertThat(outcome.getEventTime()).isEqualTo(MARCH_2.plus(Duration.ofDays(3)));
        });
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    private void input(OutcomeInput input, Instant at) throws Exception {
        assertThat(input.concernsAText()).isTrue();
        harness.processElement(input, at.toEpochMilli());
    }

    private static Conversion conversion(SmsIntent text, Instant at, long revenueMinor) {
        return conversion(text, at, revenueMinor, true);
    }

    private static Conversion conversion(SmsIntent text, Instant at, long revenueMinor, boolean offeredItem) {
        Conversion conversion = new Conversion();
        conversion.conversionId = BRAND + ":o-" + at.toEpochMilli() + ":text";
        conversion.brandId = BRAND;
        conversion.customerId = text.getCustomerId();
        conversion.messageId = text.getIntentId();
        conversion.decisionId = "";
        conversion.sequenceId = text.getSequenceId();
        conversion.sequenceVersion = text.getSequenceVersion();
        conversion.step = text.getStep();
        conversion.variant = text.getVariant();
        conversion.orderId = "o-" + at.toEpochMilli();
        conversion.revenueMinor = revenueMinor;
        conversion.offeredItem = offeredItem;
        conversion.offeredRevenueMinor = offeredItem ? revenueMinor : 0;
        conversion.currency = "USD";
        conversion.touchedAtMillis = text.getCreatedAt().toEpochMilli();
        conversion.attributedAtMillis = at.toEpochMilli();
        return conversion;
    }

    private int keyedStateEntries() {
        AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) harness.getOperator();
        return ((HeapKeyedStateBackend<?>) operator.getKeyedStateBackend()).numKeyValueStateEntries();
    }

    private void define(String sequenceId, String window) throws Exception {
        String yaml = """
                id: %s
                version: 1
                status: LIVE
                brandId: demo-roasters
                trigger: {type: CHECKOUT, categories: [coffee]}
                steps:
                  - delay: {after: P1D}
                    templates: {en-US: "Hi {firstName}"}
                reentry: {policy: NEVER}
                attributionWindow: %s
                """.formatted(sequenceId, window);
        var accepted = (DefinitionParseResult.Accepted) DefinitionParser.parse(yaml);
        harness.processBroadcastElement(new SequenceDefinition(sequenceId, 1, BRAND, MARCH_2,
                DefinitionParser.toJson(accepted.definition())), MARCH_2.toEpochMilli());
    }
}
