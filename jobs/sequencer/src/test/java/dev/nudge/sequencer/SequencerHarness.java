package dev.nudge.sequencer;

import dev.nudge.domain.engine.EngineSettings;
import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.Decision;
import dev.nudge.events.SmsIntent;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.OutputTag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.nudge.sequencer.TestEvents.consent;
import static dev.nudge.sequencer.TestEvents.definitionFromText;
import static dev.nudge.sequencer.TestEvents.item;
import static dev.nudge.sequencer.TestEvents.signUp;

/** The sequencer operator on a test harness, with the demo catalog and a coffee sequence loaded. */
final class SequencerHarness implements AutoCloseable {

    /** Monday 2 March 2026, 10:00 in New York. */
    static final Instant MONDAY_10_NY = Instant.parse("2026-03-02T15:00:00Z");
    static final Duration RETENTION = Duration.ofDays(7);

    private final TimeMode timeMode;
    private KeyedBroadcastOperatorTestHarness<String, SequencerInput, ReferenceInput, SmsIntent> harness;

    private SequencerHarness(TimeMode timeMode) {
        this.timeMode = timeMode;
    }

    /** An open harness with the catalog and version 1 of the coffee sequence already broadcast. */
    static SequencerHarness start(TimeMode timeMode) throws Exception {
        SequencerHarness sequencer = new SequencerHarness(timeMode);
        sequencer.harness = sequencer.newOperatorHarness();
        sequencer.harness.open();
        if (timeMode == TimeMode.PROCESSING_TIME) {
            sequencer.harness.setProcessingTime(MONDAY_10_NY.toEpochMilli());
        }
        sequencer.loadCatalogAndDefinition();
        return sequencer;
    }

    /** Takes a checkpoint, closes this operator and opens a new one restored from it. */
    void restart() throws Exception {
        OperatorSubtaskState snapshot = harness.snapshot(1L, MONDAY_10_NY.toEpochMilli());
        harness.close();
        harness = newOperatorHarness();
        harness.initializeState(snapshot);
        harness.open();
    }

    void broadcast(SpecificRecord record, Instant at) throws Exception {
        harness.processBroadcastElement(ReferenceInput.of(record), at.toEpochMilli());
    }

    void event(SpecificRecord record) throws Exception {
        SequencerInput input = SequencerInput.of(record);
        harness.processElement(input, input.eventTimeMillis());
    }

    void customerWithConsent(String customerId, String phone, String zone) throws Exception {
        Instant at = MONDAY_10_NY.minus(Duration.ofHours(1));
        event(signUp(customerId, at, phone, zone, Character.toUpperCase(customerId.charAt(0)) + customerId.substring(1)));
        event(consent(customerId, at, true));
    }

    void advanceTo(Instant instant) throws Exception {
        if (timeMode == TimeMode.EVENT_TIME) {
            harness.watermark(instant.toEpochMilli());
        } else {
            harness.setProcessingTime(instant.toEpochMilli());
        }
    }

    List<SmsIntent> texts() {
        return harness.extractOutputValues();
    }

    List<Decision> decisions() {
        return sideOutput(Descriptors.DECISIONS);
    }

    List<Decision> rejections() {
        return sideOutput(Descriptors.DEFINITION_REJECTIONS);
    }

    List<String> reasons(String customerId) {
        return decisions().stream().filter(decision -> decision.getCustomerId().equals(customerId))
                .map(decision -> decision.getOutcome() + ":" + decision.getReason()).toList();
    }

    int keyedStateEntries() {
        AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) harness.getOperator();
        return ((HeapKeyedStateBackend<?>) operator.getKeyedStateBackend()).numKeyValueStateEntries();
    }

    int timers() {
        return harness.numEventTimeTimers() + harness.numProcessingTimeTimers();
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }

    private <T> List<T> sideOutput(OutputTag<T> tag) {
        var records = harness.getSideOutput(tag);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    private KeyedBroadcastOperatorTestHarness<String, SequencerInput, ReferenceInput, SmsIntent> newOperatorHarness()
            throws Exception {
        CustomerSequencer sequencer = new CustomerSequencer(EngineSettings.defaults().withRetention(RETENTION), timeMode);
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(sequencer, Descriptors.BROADCAST_STATE),
                SequencerInput::customerKey, Types.STRING, 1, 1, 0);
    }

    private void loadCatalogAndDefinition() throws Exception {
        Instant before = MONDAY_10_NY.minus(Duration.ofDays(1));
        for (CatalogUpdate update : List.of(
                item("coffee-beans", "coffee", 1800, 100, before, List.of("pour-over-kit"), List.of("bean-canister"), 30),
                item("pour-over-kit", "gear", 2400, 10, before, List.of(), List.of(), null),
                item("bean-canister", "gear", 1500, 10, before, List.of(), List.of(), null))) {
            broadcast(update, before);
        }
        broadcast(definitionFromText(TestDefinitions.coffeeCheckout(1, "P2D"), before), before);
    }
}
