package dev.nudge.sequencer;

import dev.nudge.domain.engine.CustomerState;
import dev.nudge.events.SmsIntent;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.nudge.sequencer.SequencerHarness.MONDAY_10_NY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A checkpoint taken before {@link CustomerStateSerializer} existed restores after it, on either backend: the state
 * the POJO serializer wrote is migrated, the timer time kept in its own state moves into the customer state, and the
 * customers go on where they were.
 *
 * <p>{@code state/customer-state-pojo-<backend>.snapshot} are the operator snapshots that {@code PojoSnapshotWriterTest}
 * (commit fac451d, removed since; the RocksDB one with {@code new EmbeddedRocksDBStateBackend(false)}, a full snapshot)
 * wrote through {@link SequencerHarness} with the POJO serializer, on Wednesday 11:00 New York: Anna's coffee run paused by her question (Monday 12:00, 48 hours), Ben's run after its first text (Wednesday
 * 10:00), Cara out of her run after a second order.
 */
class StateMigrationTest {

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void aCheckpointWrittenByThePojoSerializerRestoresAndTheCustomersGoOn(String backend) throws Exception {
        OperatorSubtaskState snapshot = OperatorSnapshotUtil.readStateHandle(
                "src/test/resources/state/customer-state-pojo-" + backend + ".snapshot");
        StateBackend stateBackend = backend.equals("heap") ? new HashMapStateBackend() : new EmbeddedRocksDBStateBackend();
        try (SequencerHarness sequencer = SequencerHarness.restore(TimeMode.EVENT_TIME, stateBackend, snapshot)) {
            Map<String, CustomerState> byName = sequencer.customerStates().stream()
                    .collect(Collectors.toMap(state -> state.firstName, Function.identity()));
            assertThat(byName).containsOnlyKeys("Anna", "Ben", "Cara");
            CustomerState anna = byName.get("Anna");
            assertThat(anna.phone).isEqualTo("+12125550100");
            assertThat(anna.consent.textable(anna.phone)).isTrue();
            assertThat(anna.active).singleElement().satisfies(run -> {
                assertThat(run.sequenceId).isEqualTo("coffee-followup");
                assertThat(run.pausedUntilMillis).isEqualTo(MONDAY_10_NY.plus(Duration.ofHours(50)).toEpochMilli());
                assertThat(run.triggerSkus).containsExactly("coffee-beans");
            });
            assertThat(anna.affinity.getSkus()).containsKey("pour-over-kit");
            CustomerState ben = byName.get("Ben");
            assertThat(ben.sends.getSends()).hasSize(1);
            assertThat(ben.active).singleElement().satisfies(run -> {
                assertThat(run.nextStep).isEqualTo(1);
                assertThat(run.textsSent).isEqualTo(1);
            });
            assertThat(ben.engagement.isAwaitingResponse()).isTrue();
            CustomerState cara = byName.get("Cara");
            assertThat(cara.active).isEmpty();
            assertThat(cara.lastExitMillis).containsOnlyKeys("coffee-followup");
            assertThat(sequencer.customersIn(Descriptors.LEGACY_TIMER.getName())).isEqualTo(3);

            sequencer.advanceTo(MONDAY_10_NY.plus(Duration.ofDays(10)));
            assertThat(sequencer.texts()).extracting(SmsIntent::getToPhone)
                    .containsExactlyInAnyOrder("+12125550100", "+12125550100", "+12125550102");
            assertThat(sequencer.reasons("anna")).contains("RESUMED:QUESTION_TIMEOUT");

            sequencer.advanceTo(MONDAY_10_NY.plus(Duration.ofDays(60)));
            assertThat(sequencer.customerStates()).hasSize(3).allSatisfy(state -> {
                assertThat(state.active).isEmpty();
                assertThat(state.timerMillis).isZero();
            });
            assertThat(sequencer.customersIn(Descriptors.LEGACY_TIMER.getName())).as("legacy timer entries").isZero();
            assertThat(sequencer.timers()).isZero();
        }
    }
}
