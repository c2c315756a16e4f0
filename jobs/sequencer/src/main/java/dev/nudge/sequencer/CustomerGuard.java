package dev.nudge.sequencer;

import dev.nudge.domain.engine.ActiveSequence;
import dev.nudge.domain.engine.CustomerState;
import dev.nudge.events.DeadLetter;
import dev.nudge.events.Decision;
import dev.nudge.events.DecisionOutcome;
import dev.nudge.events.Tenant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeutils.TypeSerializer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps one customer's failure that customer's own. The engine works on a copy of the stored state, so a call that
 * fails half-way leaves the stored state as it was on every backend (the heap backend hands out the live object).
 * A wake-up that fails is tried again an hour later; after {@link #MAX_FAILED_WAKE_UPS} failures in a row the
 * customer is quarantined: no more wake-ups, their records go to the dead letters, and their state is forgotten
 * after the retention period.
 */
final class CustomerGuard {

    static final int MAX_FAILED_WAKE_UPS = 3;
    static final Duration WAKE_UP_RETRY = Duration.ofHours(1);
    /** The source of a failed wake-up's dead letter: its key is the customer key, its offset the timer's time. */
    static final String WAKE_UP_ORIGIN = "sequencer-wake-up";
    static final String QUARANTINED = "QUARANTINED";

    private final TypeSerializer<CustomerState> stateSerializer;
    private final ValueState<Integer> failedWakeUps;

    CustomerGuard(RuntimeContext context) {
        stateSerializer = new CustomerStateSerializer();
        failedWakeUps = context.getState(Descriptors.FAILED_WAKE_UPS);
    }

    /** A copy of the stored state for the engine to change, or a new state for a new customer. */
    CustomerState working(CustomerState stored) {
        return stored == null ? new CustomerState() : stateSerializer.copy(stored);
    }

    boolean quarantined() throws IOException {
        Integer failures = failedWakeUps.value();
        return failures != null && failures >= MAX_FAILED_WAKE_UPS;
    }

    /** Counts a failed wake-up of the current customer and returns how many failed in a row. */
    int wakeUpFailed() throws IOException {
        Integer failures = failedWakeUps.value();
        int now = failures == null ? 1 : failures + 1;
        failedWakeUps.update(now);
        return now;
    }

    void wakeUpSucceeded() throws IOException {
        if (failedWakeUps.value() != null) {
            failedWakeUps.clear();
        }
    }

    void forget() {
        failedWakeUps.clear();
    }

    static DeadLetter recordLetter(SequencerInput input, String error, Instant now) {
        return letter(input.topic, input.partition, input.offset, null, input.event(), error, now);
    }

    static DeadLetter referenceLetter(ReferenceInput input, Exception error, Instant now) {
        return letter(input.topic, input.partition, input.offset, null, input.record(), error.toString(), now);
    }

    static DeadLetter wakeUpLetter(String customerKey, long timerMillis, int failures, Exception error, Instant now) {
        return letter(WAKE_UP_ORIGIN, -1, timerMillis, customerKey, null,
                error + " (wake-up failure " + failures + " of " + MAX_FAILED_WAKE_UPS + ")", now);
    }

    /** One EXITED:QUARANTINED decision per run the customer was in, or one for the customer when in none. */
    static List<Decision> quarantineDecisions(CustomerState state, Tenant tenant, String customerId, Instant now,
                                              String error) {
        String id = tenant.getBrandId() + ":" + customerId + ":" + QUARANTINED + ":" + now.toEpochMilli();
        List<Decision> decisions = new ArrayList<>();
        for (ActiveSequence run : state.active) {
            decisions.add(quarantine(id + ":" + run.sequenceId, tenant, customerId, now, error)
                    .setRuleVersion(run.sequenceId + "@" + run.version)
                    .setSequenceId(run.sequenceId).setSequenceVersion(run.version).setStep(run.nextStep)
                    .setTriggerId(run.triggerId).build());
        }
        if (decisions.isEmpty()) {
            decisions.add(quarantine(id, tenant, customerId, now, error).setRuleVersion("").build());
        }
        return decisions;
    }

    private static Decision.Builder quarantine(String id, Tenant tenant, String customerId, Instant now, String error) {
        return Decision.newBuilder().setDecisionId(id).setTenant(tenant).setCustomerId(customerId).setDecidedAt(now)
                .setOutcome(DecisionOutcome.EXITED).setReason(QUARANTINED)
                .setDetail(MAX_FAILED_WAKE_UPS + " wake-ups failed in a row: " + error);
    }

    private static DeadLetter letter(String topic, int partition, long offset, String key, SpecificRecord value,
                                     String error, Instant now) {
        return DeadLetter.newBuilder()
                .setSourceTopic(topic == null ? "unknown" : topic)
                .setPartition(partition)
                .setOffset(offset)
                .setKey(key == null ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
                .setValue(value == null ? null : ByteBuffer.wrap(AvroBytes.encode(value)))
                .setError(error)
                .setFailedAt(now)
                .build();
    }
}
