package dev.nudge.sequencer;

import dev.nudge.domain.engine.CustomerState;
import dev.nudge.domain.engine.EngineSettings;
import dev.nudge.domain.policy.EngagementStats;
import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.DeadLetter;
import dev.nudge.events.Decision;
import dev.nudge.events.SmsIntent;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.OutputTag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import dev.nudge.domain.engine.CustomerState;
import dev.nudge.events.ConsentEntry;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;

import java.util.ArrayList;

import static dev.nudge.sequencer.TestEvents.consent;
import static dev.nudge.sequencer.TestEvents.definitionFromText;
import static dev.nudge.sequencer.TestEvents.item;
import static dev.nudge.sequencer.TestEvents.signUp;
import static org.assertj.core.api.Assertions.assertThat;

/** The sequencer operator on a test harness, with the demo catalog and a coffee sequence loaded. */
final class SequencerHarness implements AutoCloseable {

    /** Monday 2 March 2026, 10:00 in New York. */
    static final Instant MONDAY_10_NY = Instant.parse("2026-03-02T15:00:00Z");
    static final Duration RETENTION = Duration.ofDays(7);
    static final Duration INPUT_LAG = Duration.ofSeconds(5);

    private final TimeMode timeMode;
    private final StateBackend stateBackend;
    private final Supplier<CustomerSequencer> newSequencer;
    private KeyedBroadcastOperatorTestHarness<String, SequencerInput, ReferenceInput, SmsIntent> harness;
    private long recordsFed;

    private SequencerHarness(TimeMode timeMode, StateBackend stateBackend, Supplier<CustomerSequencer> newSequencer) {
        this.timeMode = timeMode;
        this.stateBackend = stateBackend;
        this.newSequencer = newSequencer;
    }

    /** An open harness with the catalog and version 1 of the coffee sequence already broadcast. */
    static SequencerHarness start(TimeMode timeMode) throws Exception {
        return start(timeMode, new HashMapStateBackend(),
                () -> new CustomerSequencer(EngineSettings.defaults().withRetention(RETENTION), timeMode, INPUT_LAG));
    }

    /** The same on the given state backend, with the given operator function. */
    static SequencerHarness start(TimeMode timeMode, StateBackend stateBackend, Supplier<CustomerSequencer> newSequencer)
            throws Exception {
        SequencerHarness sequencer = new SequencerHarness(timeMode, stateBackend, newSequencer);
        sequencer.harness = sequencer.newOperatorHarness();
        sequencer.harness.open();
        if (timeMode == TimeMode.PROCESSING_TIME) {
            sequencer.advanceTo(MONDAY_10_NY);
        }
        sequencer.loadCatalogAndDefinition();
        return sequencer;
    }

    /** An open harness restored from {@code snapshot} (its broadcast state included: nothing is loaded again). */
    static SequencerHarness restore(TimeMode timeMode, StateBackend stateBackend, OperatorSubtaskState snapshot)
            throws Exception {
        SequencerHarness sequencer = new SequencerHarness(timeMode, stateBackend,
                () -> new CustomerSequencer(EngineSettings.defaults().withRetention(RETENTION), timeMode, INPUT_LAG));
        sequencer.harness = sequencer.newOperatorHarness();
        sequencer.harness.initializeState(snapshot);
        sequencer.harness.open();
        return sequencer;
    }

    OperatorSubtaskState snapshot() throws Exception {
        return harness.snapshot(1L, MONDAY_10_NY.toEpochMilli());
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

    /** Feeds a customer record, its origin the record type's name and its position among the records fed. */
    void event(SpecificRecord record) throws Exception {
        SequencerInput input = SequencerInput.of(record).from(record.getSchema().getName(), 0, recordsFed++);
        harness.processElement(input, input.eventTimeMillis());
    }

    void customerWithConsent(String customerId, String phone, String zone) throws Exception {
        Instant at = MONDAY_10_NY.minus(Duration.ofHours(1));
        event(signUp(customerId, at, phone, zone, Character.toUpperCase(customerId.charAt(0)) + customerId.substring(1)));
        event(consent(customerId, at, true));
    }

    /** Moves time on; on processing time the inputs are read up to the new time first, as when nothing lags. */
    void advanceTo(Instant instant) throws Exception {
        harness.watermark(instant.toEpochMilli());
        if (timeMode == TimeMode.PROCESSING_TIME) {
            harness.setProcessingTime(instant.toEpochMilli());
        }
    }

    /** Processing time only: the wall clock moves on while the inputs are read no further (an outage, a lag). */
    void advanceClockTo(Instant instant) throws Exception {
        harness.setProcessingTime(instant.toEpochMilli());
    }

    /** Processing time only: the inputs have been read up to {@code instant}. */
    void inputsReadUpTo(Instant instant) throws Exception {
        harness.watermark(instant.toEpochMilli());
    }

    List<SmsIntent> texts() {
        return harness.extractOutputValues();
    }

    List<Decision> decisions() {
        return sideOutput(Descriptors.DECISIONS);
    }

    List<ConsentEntry> suppressions() {
        return sideOutput(Descriptors.SUPPRESSIONS);
    }

    List<Decision> rejections() {
        return sideOutput(Descriptors.DEFINITION_REJECTIONS);
    }

    List<DeadLetter> deadLetters() {
        return sideOutput(Descriptors.DEAD_LETTERS);
    }

    /** The customer's stored state but its timer time, serialized: equal bytes mean an unchanged state on any backend. */
    byte[] storedState(String customerId) throws Exception {
        AbstractStreamOperator<?> operator = harness.getOperator();
        operator.setCurrentKey(SequencerInput.key(TestEvents.BRAND, customerId));
        CustomerState state = operator.getKeyedStateBackend().getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE, Descriptors.CUSTOMER).value();
        if (state == null) {
            return null;
        }
        CustomerStateSerializer serializer = new CustomerStateSerializer();
        CustomerState withoutTimer = serializer.copy(state);
        withoutTimer.timerMillis = 0;
        DataOutputSerializer bytes = new DataOutputSerializer(256);
        serializer.serialize(withoutTimer, bytes);
        return bytes.getCopyOfBuffer();
    }

    <KS, V> V broadcastState(MapStateDescriptor<KS, V> descriptor, KS key) throws Exception {
        return harness.getBroadcastState(descriptor).get(key);
    }

    List<String> reasons(String customerId) {
        return decisions().stream().filter(decision -> decision.getCustomerId().equals(customerId))
                .map(decision -> decision.getOutcome() + ":" + decision.getReason()).toList();
    }

    /** How many customers have an entry in the named keyed state, on any backend. */
    long customersIn(String stateName) throws Exception {
        @SuppressWarnings("unchecked")
        KeyedStateBackend<String> backend = (KeyedStateBackend<String>) (KeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend();
        try (var keys = backend.<VoidNamespace>getKeys(stateName, VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    int keyedStateEntries() {
        AbstractStreamOperator<?> operator = harness.getOperator();
        return ((HeapKeyedStateBackend<?>) operator.getKeyedStateBackend()).numKeyValueStateEntries();
    }

    /** The customer states kept, one per key. */
    List<CustomerState> customerStates() throws Exception {
        AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) harness.getOperator();
        @SuppressWarnings("unchecked")
        KeyedStateBackend<String> backend = (KeyedStateBackend<String>) (KeyedStateBackend<?>) operator.getKeyedStateBackend();
        List<String> keys = backend.<VoidNamespace>getKeys(Descriptors.CUSTOMER.getName(), VoidNamespace.INSTANCE).toList();
        List<CustomerState> states = new ArrayList<>();
        for (String key : keys) {
            backend.setCurrentKey(key);
            states.add(backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                    Descriptors.CUSTOMER).value());
        }
        return states;
    }

    /**
     * What a quiet customer leaves once the retention has passed: their profile and consent, nothing they did, no
     * timer and no other state.
     */
    void assertOnlyProfilesLeft() throws Exception {
        List<CustomerState> states = customerStates();
        assertThat(states).as("customer states").allSatisfy(state -> {
            assertThat(state.active).as("runs").isEmpty();
            assertThat(state.owned).as("owned").isEmpty();
            assertThat(state.sends.getSends()).as("sends").isEmpty();
            assertThat(state.lastExitMillis).as("exits").isEmpty();
            assertThat(state.recentRuns.isEmpty()).as("no started runs").isTrue();
            assertThat(state.recentEngagements.isEmpty()).as("no engagements seen").isTrue();
            assertThat(state.affinity.isEmpty()).as("browsing affinity empty").isTrue();
            assertThat(state.engagement).as("engagement").usingRecursiveComparison().isEqualTo(new EngagementStats());
        });
        assertThat(keyedStateEntries()).as("keyed state besides the profiles")
                .isEqualTo(states.size());
        assertThat(timers()).as("timers left").isZero();
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
        KeyedBroadcastOperatorTestHarness<String, SequencerInput, ReferenceInput, SmsIntent> operatorHarness =
                new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(newSequencer.get(),
                        Descriptors.BROADCAST_STATE),
                        SequencerInput::customerKey, Types.STRING, 1, 1, 0);
        operatorHarness.setStateBackend(stateBackend);
        return operatorHarness;
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
