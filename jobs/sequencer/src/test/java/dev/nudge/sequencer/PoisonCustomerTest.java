package dev.nudge.sequencer;

import dev.nudge.domain.engine.EngineSettings;
import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.SmsIntent;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.nudge.sequencer.SequencerHarness.MONDAY_10_NY;
import static dev.nudge.sequencer.SequencerHarness.RETENTION;
import static dev.nudge.sequencer.TestEvents.definitionFromText;
import static dev.nudge.sequencer.TestEvents.item;
import static dev.nudge.sequencer.TestEvents.purchase;
import static dev.nudge.sequencer.TestEvents.seasonal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One customer's failure stays that customer's: the failing call leaves their stored state as it was, on the heap
 * backend (which hands out live objects) as on RocksDB, the input goes to the dead letters, a wake-up that keeps
 * failing quarantines the customer, and everyone else carries on.
 */
class PoisonCustomerTest {

    private static final String ANNA = "anna";
    private static final String BEN = "ben";
    /** Wednesday 4 March, 10:00 in New York: Anna's first step, two days after her checkout. */
    private static final Instant ANNAS_STEP = MONDAY_10_NY.plus(Duration.ofDays(2));

    private SequencerHarness sequencer;

    @AfterEach
    void close() throws Exception {
        sequencer.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void aVersionMoveThatNeedsARunOutTimeQuarantinesTheCustomerInsteadOfFailingTheJob(String backend) throws Exception {
        sequencer = SequencerHarness.start(TimeMode.EVENT_TIME, backend(backend), PoisonCustomerTest::sequencer);
        sequencer.customerWithConsent(ANNA, "+12125550100", "America/New_York");
        sequencer.customerWithConsent(BEN, "+12125550101", "America/New_York");
        // Ben's run starts a day earlier, so his first text goes out on version 1 and his last one on version 2.
        sequencer.event(purchase(BEN, MONDAY_10_NY.minus(Duration.ofDays(1)), "o-ben", "coffee-beans", "coffee", 1800));
        sequencer.event(purchase(ANNA, MONDAY_10_NY, "o-anna", "coffee-beans", "coffee", 1800));
        sequencer.advanceTo(MONDAY_10_NY.plus(Duration.ofDays(1)).plusSeconds(1));
        assertThat(sequencer.texts()).extracting(SmsIntent::getCustomerId).containsExactly(BEN);

        Instant published = MONDAY_10_NY.plus(Duration.ofDays(1)).plus(Duration.ofHours(2));
        sequencer.broadcast(definitionFromText(TestDefinitions.coffeeTurnedRefill(2), published), published);
        sequencer.advanceTo(ANNAS_STEP.minusSeconds(1));
        byte[] annaBefore = sequencer.storedState(ANNA);

        sequencer.advanceTo(ANNAS_STEP);
        assertThat(sequencer.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.getSourceTopic()).isEqualTo(CustomerGuard.WAKE_UP_ORIGIN);
            assertThat(letter.getOffset()).isEqualTo(ANNAS_STEP.toEpochMilli());
            assertThat(new String(letter.getKey().array())).isEqualTo("demo-roasters/anna");
            assertThat(letter.getError()).contains("beforeRunOut");
        });
        assertThat(sequencer.storedState(ANNA)).isEqualTo(annaBefore);
        assertThat(sequencer.reasons(ANNA)).doesNotContain("SENT:STEP_DUE");

        // Two more tries an hour apart, then the customer is quarantined with a decision saying so.
        sequencer.advanceTo(ANNAS_STEP.plus(Duration.ofHours(3)));
        assertThat(sequencer.deadLetters()).hasSize(CustomerGuard.MAX_FAILED_WAKE_UPS);
        assertThat(sequencer.reasons(ANNA)).containsOnlyOnce("EXITED:QUARANTINED");
        assertThat(sequencer.storedState(ANNA)).isEqualTo(annaBefore);

        // Ben's run goes on: his second text, three days after the first, on version 2.
        sequencer.advanceTo(MONDAY_10_NY.plus(Duration.ofDays(5)));
        List<SmsIntent> texts = sequencer.texts();
        assertThat(texts).extracting(SmsIntent::getCustomerId).containsExactly(BEN, BEN);
        assertThat(texts).extracting(SmsIntent::getCreatedAt).containsExactly(
                MONDAY_10_NY.plus(Duration.ofDays(1)), MONDAY_10_NY.plus(Duration.ofDays(4)));
        assertThat(texts.get(1).getBody()).startsWith("Refill time, Ben");

        // A quarantined customer's records go to the dead letters, and the customer is forgotten after the retention.
        sequencer.event(purchase(ANNA, MONDAY_10_NY.plus(Duration.ofDays(5)), "o-anna-2", "coffee-beans", "coffee", 1800));
        assertThat(sequencer.deadLetters()).last().satisfies(letter -> {
            assertThat(letter.getSourceTopic()).isEqualTo("PurchaseEvent");
            assertThat(letter.getError()).contains("quarantined");
        });
        assertThat(sequencer.storedState(ANNA)).isEqualTo(annaBefore);
        sequencer.advanceTo(ANNAS_STEP.plus(RETENTION).plus(Duration.ofHours(3)));
        assertThat(sequencer.storedState(ANNA)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void anEngineFailureOnARecordLeavesTheStateAsItWasAndSendsTheRecordToTheDeadLetters(String backend)
            throws Exception {
        sequencer = SequencerHarness.start(TimeMode.EVENT_TIME, backend(backend), PoisonCustomerTest::sequencer);
        sequencer.customerWithConsent(ANNA, "+12125550100", "America/New_York");
        byte[] before = sequencer.storedState(ANNA);
        int timers = sequencer.timers();

        sequencer.event(purchase(ANNA, MONDAY_10_NY, FailingOrderSequencer.ORDER, "coffee-beans", "coffee", 1800));
        assertThat(sequencer.storedState(ANNA)).isEqualTo(before);
        assertThat(sequencer.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.getSourceTopic()).isEqualTo("PurchaseEvent");
            assertThat(letter.getError()).contains("injected");
            assertThat(letter.getValue()).isNotNull();
        });
        assertThat(sequencer.decisions()).filteredOn(d -> d.getCustomerId().equals(ANNA)).isEmpty();
        assertThat(sequencer.timers()).isEqualTo(timers);

        // The customer's next record is handled as if the failed one never came.
        sequencer.event(purchase(ANNA, MONDAY_10_NY.plusSeconds(60), "o-2", "coffee-beans", "coffee", 1800));
        sequencer.advanceTo(ANNAS_STEP.plusSeconds(60));
        assertThat(sequencer.texts()).singleElement().satisfies(text -> assertThat(text.getBody()).startsWith("Hi Anna,"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void aCatalogUpdateWithABadSeasonDateGoesToTheDeadLettersAndTheItemStaysAsItWas(String backend) throws Exception {
        sequencer = SequencerHarness.start(TimeMode.EVENT_TIME, backend(backend), PoisonCustomerTest::sequencer);
        CatalogUpdate before = sequencer.broadcastState(Descriptors.CATALOG, "demo-roasters/pour-over-kit");
        CatalogUpdate bad = seasonal(item("pour-over-kit", "gear", 100, 10, MONDAY_10_NY, List.of(), List.of(), null),
                "13-45", "02-30", MONDAY_10_NY);
        sequencer.broadcast(bad, MONDAY_10_NY);

        assertThat(sequencer.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.getError()).contains("13-45");
            assertThat(letter.getValue()).isNotNull();
        });
        assertThat(sequencer.broadcastState(Descriptors.CATALOG, "demo-roasters/pour-over-kit")).isEqualTo(before);

        sequencer.customerWithConsent(ANNA, "+12125550100", "America/New_York");
        sequencer.event(purchase(ANNA, MONDAY_10_NY, "o-1", "coffee-beans", "coffee", 1800));
        sequencer.advanceTo(ANNAS_STEP);
        assertThat(sequencer.texts()).singleElement()
                .satisfies(text -> assertThat(text.getOfferPriceMinor()).isEqualTo(2400L));
    }

    private static CustomerSequencer sequencer() {
        return new FailingOrderSequencer(EngineSettings.defaults().withRetention(RETENTION), TimeMode.EVENT_TIME,
                SequencerHarness.INPUT_LAG);
    }

    private static StateBackend backend(String name) {
        return name.equals("heap") ? new HashMapStateBackend() : new EmbeddedRocksDBStateBackend();
    }
}
