package dev.nudge.sequencer;

import dev.nudge.events.ConsentEntry;
import dev.nudge.events.ConsentEntryKind;
import dev.nudge.events.Decision;
import dev.nudge.events.SmsIntent;
import dev.nudge.events.Tenant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's check by (brand, phone) on a test harness: texts decided for any customer id meet the opt-outs and
 * revocations any other customer id (or an inbound STOP tied to no customer) wrote for the number. Expectations are
 * the script's: which intent ids reach the outbox.
 */
class SuppressionGateTest {

    private static final Instant T0 = Instant.parse("2026-03-02T15:00:00Z");
    private static final String PHONE = "+12125550199";
    private static final String BRAND = "alpha";

    private KeyedTwoInputStreamOperatorTestHarness<String, SmsIntent, ConsentEntry, SmsIntent> harness;

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
    void anOptOutWrittenByAnotherCustomerIdStopsTheTextAndSaysWhy() throws Exception {
        entry("tel:" + PHONE, ConsentEntryKind.OPTED_OUT, T0, BRAND);
        entry("other-brand", ConsentEntryKind.OPTED_OUT, T0, "beta");
        watermark(T0.plusSeconds(1));
        intent("family-b", "i1", T0.plusSeconds(60), BRAND);
        intent("family-b", "i2", T0.plusSeconds(60), "gamma");
        watermark(T0.plusSeconds(61));

        assertThat(outbox()).containsExactly("i2");
        assertThat(decisions()).extracting(d -> d.getReason() + " " + d.getIntentId() + " " + d.getCustomerId())
                .containsExactly("SUPPRESSED i1 family-b");
    }

    @Test
    void aTextWaitsForEventTimeSoAnOptOutOnTheOtherStreamStillStopsIt() throws Exception {
        watermark(T0);
        intent("family-b", "i1", T0.plusSeconds(60), BRAND);
        assertThat(outbox()).as("held until event time passes the text").isEmpty();
        entry("family-a", ConsentEntryKind.OPTED_OUT, T0.plusSeconds(30), BRAND);
        watermark(T0.plusSeconds(60));

        assertThat(outbox()).isEmpty();
        assertThat(decisions()).extracting(Decision::getIntentId).containsExactly("i1");
    }

    @Test
    void onlyANewerOptInOrGrantLiftsTheBlockAndAnOlderOneArrivingLateDoesNot() throws Exception {
        entry("a", ConsentEntryKind.OPTED_OUT, T0.plusSeconds(10), BRAND);
        entry("a", ConsentEntryKind.GRANTED, T0.plusSeconds(5), BRAND);
        watermark(T0.plusSeconds(20));
        intent("b", "stale-grant", T0.plusSeconds(20), BRAND);
        entry("a", ConsentEntryKind.OPTED_IN, T0.plusSeconds(30), BRAND);
        watermark(T0.plusSeconds(40));
        intent("b", "after-start", T0.plusSeconds(40), BRAND);
        entry("a", ConsentEntryKind.REVOKED, T0.plusSeconds(50), BRAND);
        watermark(T0.plusSeconds(60));
        intent("b", "after-revocation", T0.plusSeconds(60), BRAND);
        entry("b", ConsentEntryKind.GRANTED, T0.plusSeconds(70), BRAND);
        watermark(T0.plusSeconds(80));
        intent("b", "after-new-grant", T0.plusSeconds(80), BRAND);

        assertThat(outbox()).containsExactly("after-start", "after-new-grant");
    }

    @Test
    void theBlockSurvivesARestartAndNeverExpiresAndGrantsOfUnblockedNumbersKeepNoState() throws Exception {
        entry("a", ConsentEntryKind.GRANTED, T0, BRAND);
        entry("b", ConsentEntryKind.OPTED_IN, T0, "beta");
        assertThat(harness.numKeyedStateEntries()).as("state for numbers never blocked").isZero();
        entry("tel:" + PHONE, ConsentEntryKind.OPTED_OUT, T0.plusSeconds(1), BRAND);
        intent("b", "held", T0.plusSeconds(5), BRAND);
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        watermark(T0.plusSeconds(5));
        Instant yearLater = T0.plus(Duration.ofDays(400));
        watermark(yearLater);
        intent("b", "a-year-later", yearLater.plusSeconds(1), BRAND);
        watermark(yearLater.plusSeconds(1));

        assertThat(outbox()).isEmpty();
        assertThat(decisions()).extracting(Decision::getIntentId).containsExactly("held", "a-year-later");
        assertThat(harness.numEventTimeTimers()).as("timers left").isZero();
        assertThat(harness.numKeyedStateEntries()).as("state left: the number's ledger alone").isEqualTo(1);
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, SmsIntent, ConsentEntry, SmsIntent> newHarness()
            throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new SuppressionGate()),
                SuppressionGate::key, SuppressionGate::key, Types.STRING);
    }

    private void entry(String customerId, ConsentEntryKind kind, Instant at, String brand) throws Exception {
        harness.processElement2(new StreamRecord<>(ConsentEntry.newBuilder()
                .setEventId(customerId + ":" + kind + ":" + at.toEpochMilli()).setTenant(new Tenant(brand, null))
                .setPhoneE164(PHONE).setEventTime(at).setKind(kind).setSource("keyword").setEvidence(null).build(),
                at.toEpochMilli()));
    }

    private void intent(String customerId, String intentId, Instant at, String brand) throws Exception {
        harness.processElement1(new StreamRecord<>(SmsIntent.newBuilder()
                .setIntentId(intentId).setTenant(new Tenant(brand, null)).setCustomerId(customerId).setCreatedAt(at)
                .setNotAfter(at.plus(Duration.ofHours(1))).setToPhone(PHONE).setBody("hi").setLocale("en-US")
                .setTimeZone("America/New_York").setQuietStartMinute(1260).setQuietEndMinute(480)
                .setSequenceId("s").setSequenceVersion(1).setStep(0).setTriggerId("t").setVariant("A").build(),
                at.toEpochMilli()));
    }

    private void watermark(Instant at) throws Exception {
        harness.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(at.toEpochMilli()));
    }

    private List<String> outbox() {
        return harness.extractOutputValues().stream().map(SmsIntent::getIntentId).toList();
    }

    private List<Decision> decisions() {
        ConcurrentLinkedQueue<StreamRecord<Decision>> out = harness.getSideOutput(Descriptors.DECISIONS);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
    }
}
