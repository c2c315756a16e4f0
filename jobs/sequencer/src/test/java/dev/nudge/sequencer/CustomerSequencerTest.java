package dev.nudge.sequencer;

import dev.nudge.domain.engine.EngineSettings;
import dev.nudge.events.BrowseAction;
import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.Decision;
import dev.nudge.events.DecisionOutcome;
import dev.nudge.events.EngagementType;
import dev.nudge.events.SmsIntent;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.nudge.sequencer.TestEvents.browse;
import static dev.nudge.sequencer.TestEvents.consent;
import static dev.nudge.sequencer.TestEvents.definitionFromText;
import static dev.nudge.sequencer.TestEvents.engagement;
import static dev.nudge.sequencer.TestEvents.item;
import static dev.nudge.sequencer.TestEvents.purchase;
import static dev.nudge.sequencer.TestEvents.rawDefinition;
import static dev.nudge.sequencer.TestEvents.signUp;
import static org.assertj.core.api.Assertions.assertThat;

/** The Flink adapter around the engine, on an operator harness in event time. */
class CustomerSequencerTest {

    /** Monday 2 March 2026, 10:00 in New York. */
    private static final Instant MONDAY_10_NY = Instant.parse("2026-03-02T15:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(7);
    private static final String ANNA = "anna";

    private KeyedBroadcastOperatorTestHarness<String, SequencerInput, ReferenceInput, SmsIntent> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = newHarness();
        harness.open();
        loadCatalogAndDefinition(harness);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void sendsBothStepsOnTimeThenLeavesNoStateOrTimers() throws Exception {
        customerWithConsent(ANNA, "+12125550100", "America/New_York");
        customerEvent(SequencerInput.of(purchase(ANNA, MONDAY_10_NY, "o-1", "coffee-beans", "coffee", 1800)));

        advanceTo(MONDAY_10_NY.plus(Duration.ofDays(2)).minusSeconds(1));
        assertThat(harness.extractOutputValues()).isEmpty();

        advanceTo(MONDAY_10_NY.plus(Duration.ofDays(10)));
        List<SmsIntent> texts = harness.extractOutputValues();
        assertThat(texts).extracting(SmsIntent::getCreatedAt).containsExactly(
                MONDAY_10_NY.plus(Duration.ofDays(2)), MONDAY_10_NY.plus(Duration.ofDays(5)));
        assertThat(texts.get(0).getBody()).startsWith("Hi Anna, many customers brew it with pour over kit ($24.00)");
        assertThat(texts.get(0).getOfferSku()).isEqualTo("pour-over-kit");
        assertThat(texts.get(1).getOfferSku()).isEqualTo("bean-canister");
        assertThat(texts).extracting(SmsIntent::getIntentId).doesNotHaveDuplicates();
        assertThat(decisionOutcomes()).contains(DecisionOutcome.ENTERED, DecisionOutcome.SENT, DecisionOutcome.COMPLETED);

        advanceTo(MONDAY_10_NY.plus(RETENTION).plusSeconds(1));
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aPurchaseEndsTheSequenceAtOnceAndNoTextFollows() throws Exception {
        customerWithConsent(ANNA, "+12125550100", "America/New_York");
        customerEvent(SequencerInput.of(purchase(ANNA, MONDAY_10_NY, "o-1", "coffee-beans", "coffee", 1800)));
        customerEvent(SequencerInput.of(purchase(ANNA, MONDAY_10_NY.plus(Duration.ofDays(1)), "o-2", "tea", "tea", 900)));

        assertThat(decisions()).anySatisfy(decision -> {
            assertThat(decision.getOutcome()).isEqualTo(DecisionOutcome.EXITED);
            assertThat(decision.getReason()).isEqualTo("PURCHASED");
        });
        advanceTo(MONDAY_10_NY.plus(Duration.ofDays(1) .plus(RETENTION)).plusSeconds(1));
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aStopEndsTheSequenceAtOnce() throws Exception {
        customerWithConsent(ANNA, "+12125550100", "America/New_York");
        customerEvent(SequencerInput.of(purchase(ANNA, MONDAY_10_NY, "o-1", "coffee-beans", "coffee", 1800)));
        customerEvent(SequencerInput.of(engagement(ANNA, MONDAY_10_NY.plusSeconds(60), EngagementType.OPTED_OUT, null, "STOP")));

        advanceTo(MONDAY_10_NY.plus(Duration.ofDays(10)));
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(decisions()).anySatisfy(decision -> assertThat(decision.getReason()).isEqualTo("OPTED_OUT"));
    }

    @Test
    void aStepDueInQuietHoursGoesOutAtEightInTheRecipientsZone() throws Exception {
        harness.processBroadcastElement(ReferenceInput.of(definitionFromText(
                TestDefinitions.coffeeCheckout(2, "PT1H"), MONDAY_10_NY)), MONDAY_10_NY.toEpochMilli());
        customerWithConsent(ANNA, "+13105550100", null);
        // 20:30 in Los Angeles: the step comes due at 21:30, after the window closes.
        Instant evening = Instant.parse("2026-03-03T04:30:00Z");
        customerEvent(SequencerInput.of(purchase(ANNA, evening, "o-1", "coffee-beans", "coffee", 1800)));

        advanceTo(evening.plus(Duration.ofDays(1)));
        List<SmsIntent> texts = harness.extractOutputValues();
        assertThat(texts).hasSize(1);
        assertThat(texts.get(0).getCreatedAt()).isEqualTo(Instant.parse("2026-03-03T16:00:00Z"));
        assertThat(texts.get(0).getTimeZone()).isEqualTo("America/Los_Angeles");
        assertThat(decisions()).anySatisfy(decision -> {
            assertThat(decision.getOutcome()).isEqualTo(DecisionOutcome.DEFERRED);
            assertThat(decision.getReason()).isEqualTo("QUIET_HOURS");
        });
    }

    @Test
    void anInvalidDefinitionIsRejectedWithItsReasonsAndThePreviousVersionStaysLive() throws Exception {
        harness.processBroadcastElement(ReferenceInput.of(rawDefinition("coffee-followup", 2,
                "{\"id\": \"coffee-followup\", \"version\": 2, \"steps\": []}", MONDAY_10_NY)), MONDAY_10_NY.toEpochMilli());
        List<Decision> rejections = sideOutput(Descriptors.DEFINITION_REJECTIONS);
        assertThat(rejections).hasSize(1);
        assertThat(rejections.get(0).getOutcome()).isEqualTo(DecisionOutcome.DEFINITION_REJECTED);
        assertThat(rejections.get(0).getDetail()).contains("steps");

        customerWithConsent(ANNA, "+12125550100", "America/New_York");
        customerEvent(SequencerInput.of(purchase(ANNA, MONDAY_10_NY, "o-1", "coffee-beans", "coffee", 1800)));
        advanceTo(MONDAY_10_NY.plus(Duration.ofDays(3)));
        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(text -> assertThat(text.getSequenceVersion()).isEqualTo(1));
    }

    @Test
    void noTextWithoutConsent() throws Exception {
        customerEvent(SequencerInput.of(signUp(ANNA, MONDAY_10_NY.minusSeconds(60), "+12125550100", null, "Anna")));
        customerEvent(SequencerInput.of(purchase(ANNA, MONDAY_10_NY, "o-1", "coffee-beans", "coffee", 1800)));
        advanceTo(MONDAY_10_NY.plus(Duration.ofDays(10)));
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(decisions()).anySatisfy(decision -> assertThat(decision.getReason()).isEqualTo("NO_CONSENT"));
    }

    @Test
    void aRestoredOperatorFiresThePendingStepWithItsDefinitionsAndCatalog() throws Exception {
        customerWithConsent(ANNA, "+12125550100", "America/New_York");
        customerEvent(SequencerInput.of(purchase(ANNA, MONDAY_10_NY, "o-1", "coffee-beans", "coffee", 1800)));
        OperatorSubtaskState snapshot = harness.snapshot(1L, MONDAY_10_NY.toEpochMilli());
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        advanceTo(MONDAY_10_NY.plus(Duration.ofDays(2)));
        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(text -> assertThat(text.getOfferSku()).isEqualTo("pour-over-kit"));
    }

    @Test
    void browsingIsRememberedWithoutTextingAnyone() throws Exception {
        customerWithConsent(ANNA, "+12125550100", "America/New_York");
        customerEvent(SequencerInput.of(browse(ANNA, MONDAY_10_NY, BrowseAction.VIEW, "pour-over-kit", "gear")));
        advanceTo(MONDAY_10_NY.plus(Duration.ofDays(1)));
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(keyedStateEntries()).isPositive();
    }

    @Test
    void aTimerFiringLateAfterAnOutageStillKeepsQuietHours() throws Exception {
        harness.close();
        harness = newHarness(TimeMode.PROCESSING_TIME);
        harness.open();
        harness.setProcessingTime(MONDAY_10_NY.toEpochMilli());
        loadCatalogAndDefinition(harness);
        customerWithConsent(ANNA, "+12125550100", "America/New_York");
        customerEvent(SequencerInput.of(purchase(ANNA, MONDAY_10_NY, "o-1", "coffee-beans", "coffee", 1800)));

        // The job was down from Wednesday morning until 23:30 that night, New York time.
        harness.setProcessingTime(Instant.parse("2026-03-05T04:30:00Z").toEpochMilli());
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(decisions()).anySatisfy(decision -> assertThat(decision.getReason()).isEqualTo("QUIET_HOURS"));

        harness.setProcessingTime(Instant.parse("2026-03-05T13:00:00Z").toEpochMilli());
        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(text -> assertThat(text.getCreatedAt()).isEqualTo(Instant.parse("2026-03-05T13:00:00Z")));
    }

    private static KeyedBroadcastOperatorTestHarness<String, SequencerInput, ReferenceInput, SmsIntent> newHarness()
            throws Exception {
        return newHarness(TimeMode.EVENT_TIME);
    }

    private static KeyedBroadcastOperatorTestHarness<String, SequencerInput, ReferenceInput, SmsIntent> newHarness(
            TimeMode timeMode) throws Exception {
        CustomerSequencer sequencer = new CustomerSequencer(EngineSettings.defaults().withRetention(RETENTION), timeMode);
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(sequencer, List.of(Descriptors.DEFINITIONS, Descriptors.CATALOG)),
                SequencerInput::customerKey, Types.STRING, 1, 1, 0);
    }

    private static void loadCatalogAndDefinition(
            KeyedBroadcastOperatorTestHarness<String, SequencerInput, ReferenceInput, SmsIntent> target) throws Exception {
        Instant before = MONDAY_10_NY.minus(Duration.ofDays(1));
        for (CatalogUpdate update : List.of(
                item("coffee-beans", "coffee", 1800, 100, before, List.of("pour-over-kit"), List.of("bean-canister"), 30),
                item("pour-over-kit", "gear", 2400, 10, before, List.of(), List.of(), null),
                item("bean-canister", "gear", 1500, 10, before, List.of(), List.of(), null))) {
            target.processBroadcastElement(ReferenceInput.of(update), before.toEpochMilli());
        }
        target.processBroadcastElement(ReferenceInput.of(definitionFromText(TestDefinitions.coffeeCheckout(1, "P2D"), before)),
                before.toEpochMilli());
    }

    private void customerWithConsent(String customerId, String phone, String zone) throws Exception {
        Instant at = MONDAY_10_NY.minus(Duration.ofHours(1));
        customerEvent(SequencerInput.of(signUp(customerId, at, phone, zone, "Anna")));
        customerEvent(SequencerInput.of(consent(customerId, at, true)));
    }

    private void customerEvent(SequencerInput input) throws Exception {
        harness.processElement(input, input.eventTimeMillis());
    }

    private void advanceTo(Instant instant) throws Exception {
        harness.watermark(instant.toEpochMilli());
    }

    private int keyedStateEntries() {
        AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) harness.getOperator();
        return ((HeapKeyedStateBackend<?>) operator.getKeyedStateBackend()).numKeyValueStateEntries();
    }

    private List<Decision> decisions() {
        return sideOutput(Descriptors.DECISIONS);
    }

    private List<DecisionOutcome> decisionOutcomes() {
        return decisions().stream().map(Decision::getOutcome).toList();
    }

    private <T> List<T> sideOutput(org.apache.flink.util.OutputTag<T> tag) {
        var records = harness.getSideOutput(tag);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }
}
