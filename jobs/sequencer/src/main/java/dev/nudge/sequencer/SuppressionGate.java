package dev.nudge.sequencer;

import dev.nudge.domain.consent.ConsentFact;
import dev.nudge.domain.consent.ConsentKind;
import dev.nudge.domain.consent.ConsentLedger;
import dev.nudge.events.ConsentEntry;
import dev.nudge.events.ConsentEntryKind;
import dev.nudge.events.Decision;
import dev.nudge.events.DecisionOutcome;
import dev.nudge.events.SmsIntent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;

/**
 * The engine's check by (brand, phone), keyed {@code brand|phone}: the texts the engine decided meet every consent
 * entry any customer of the brand wrote for the number (an opt-out from another customer id holding the phone, an
 * inbound STOP that matched no customer, a revocation), and a text to a blocked number is dropped with a SKIPPED
 * SUPPRESSED decision. The engine per customer cannot see these: its state is keyed by customer.
 *
 * <p>State: the number's ledger, kept only once an opt-out or revocation named it (grants and opt-ins of a number
 * never blocked are dropped: they have nothing to lift), so it grows with the blocked numbers, never with the
 * customers. It never expires: no retention forgets an opt-out, and checkpoints carry it over restarts. A grant newer
 * than a block that arrives before that block is lost, so the number stays blocked: a rare order that fails closed.
 *
 * <p>Ordering: the entries and the texts leave the engine on two streams, so a text is held until event time has
 * passed its own time (the engine emits every entry before the watermark that passes it). A text without a
 * timestamp (a wall-clock timer's) is checked at once against what has arrived.
 */
final class SuppressionGate extends KeyedCoProcessFunction<String, SmsIntent, ConsentEntry, SmsIntent> {

    /** Reason of the decision for a text the gate drops. */
    static final String SUPPRESSED = "SUPPRESSED";

    private transient ValueState<ConsentLedger> ledger;
    /** Texts waiting for event time to pass their own, by that time. */
    private transient MapState<Long, List<SmsIntent>> held;

    static String key(SmsIntent intent) {
        return key(intent.getTenant().getBrandId(), intent.getToPhone());
    }

    static String key(ConsentEntry entry) {
        return key(entry.getTenant().getBrandId(), entry.getPhoneE164());
    }

    private static String key(String brandId, String phone) {
        return brandId + "|" + phone;
    }

    @Override
    public void open(OpenContext openContext) {
        ledger = getRuntimeContext().getState(Descriptors.PHONE_LEDGER);
        held = getRuntimeContext().getMapState(Descriptors.HELD_TEXTS);
    }

    @Override
    public void processElement1(SmsIntent intent, Context ctx, Collector<SmsIntent> out) throws Exception {
        Long at = ctx.timestamp();
        if (at != null && at > ctx.timerService().currentWatermark()) {
            List<SmsIntent> waiting = held.get(at);
            List<SmsIntent> more = waiting == null ? new ArrayList<>() : new ArrayList<>(waiting);
            more.add(intent);
            held.put(at, more);
            ctx.timerService().registerEventTimeTimer(at);
        } else {
            pass(intent, ctx, out);
        }
    }

    @Override
    public void processElement2(ConsentEntry entry, Context ctx, Collector<SmsIntent> out) throws Exception {
        if (entry.getKind() == ConsentEntryKind.OTHER) {
            return;
        }
        ConsentKind kind = ConsentKind.valueOf(entry.getKind().name());
        ConsentLedger current = ledger.value();
        if (current == null && kind != ConsentKind.OPTED_OUT && kind != ConsentKind.REVOKED) {
            return;
        }
        ConsentLedger updated = current == null ? new ConsentLedger() : current;
        if (updated.record(new ConsentFact(entry.getPhoneE164(), kind, entry.getEventTime(), entry.getSource(),
                entry.getEvidence()))) {
            ledger.update(updated);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SmsIntent> out) throws Exception {
        List<SmsIntent> due = held.get(timestamp);
        if (due != null) {
            held.remove(timestamp);
            for (SmsIntent intent : due) {
                pass(intent, ctx, out);
            }
        }
    }

    private void pass(SmsIntent intent, Context ctx, Collector<SmsIntent> out) throws Exception {
        ConsentLedger current = ledger.value();
        if (current == null || !current.blocked(intent.getToPhone())) {
            out.collect(intent);
            return;
        }
        ctx.output(Descriptors.DECISIONS, Decision.newBuilder()
                .setDecisionId(intent.getIntentId() + ":" + SUPPRESSED)
                .setTenant(intent.getTenant())
                .setCustomerId(intent.getCustomerId())
                .setDecidedAt(intent.getCreatedAt())
                .setOutcome(DecisionOutcome.SKIPPED)
                .setReason(SUPPRESSED)
                .setDetail(current.optedOut(intent.getToPhone()) ? "the number opted out" : "consent revoked for the number")
                .setRuleVersion(intent.getSequenceId() + "@" + intent.getSequenceVersion())
                .setSequenceId(intent.getSequenceId())
                .setSequenceVersion(intent.getSequenceVersion())
                .setStep(intent.getStep())
                .setTriggerId(intent.getTriggerId())
                .setIntentId(intent.getIntentId())
                .build());
    }
}
