package dev.nudge.analytics;

import dev.nudge.domain.definition.DefinitionParseResult;
import dev.nudge.domain.definition.DefinitionParser;
import dev.nudge.events.SequenceDefinition;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The Flink adapter around {@link Attribution}, keyed by brand/customer. One state value and one event-time timer per
 * customer: the timer sits at the oldest held purchase or the state's next expiry, whichever comes first, so a
 * purchase is attributed as soon as the watermark has passed it; when everything has expired the customer leaves no
 * state and no timer. The sequence definitions come in broadcast: each gives its sequence's attribution window.
 * A purchase later than the allowed lateness goes to the {@link #LATE_PURCHASES} side output and the
 * {@code latePurchases} counter instead of being attributed.
 */
public final class AttributionFunction
        extends KeyedBroadcastProcessFunction<String, AnalyticsInput, SequenceDefinition, Conversion> {

    /** brandId/sequenceId → (version, window in ms) of the newest definition seen. */
    public static final MapStateDescriptor<String, Tuple2<Integer, Long>> WINDOWS = new MapStateDescriptor<>(
            "attribution-windows", Types.STRING, Types.TUPLE(Types.INT, Types.LONG));

    /** Purchases too late to attribute ({@link Attribution#tooLate}). */
    public static final OutputTag<LatePurchase> LATE_PURCHASES =
            new OutputTag<>("late-purchases", TypeInformation.of(LatePurchase.class));

    private final Attribution attribution;
    private transient Counter latePurchases;
    private transient ValueState<AttributionState> state;
    private transient ValueState<Long> timer;
    /** Whether the windows in broadcast state (restored after a failure) have been handed to the attribution. */
    private transient boolean windowsLoaded;
    /** Conversions attributed to a text, and to a hold-out window (metric {@code conversions}, label {@code kind}). */
    private transient Counter textConversions;
    private transient Counter holdoutConversions;

    public AttributionFunction(AttributionSettings settings) {
        this.attribution = new Attribution(settings);
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(
                new ValueStateDescriptor<>("attribution", TypeInformation.of(AttributionState.class)));
        timer = getRuntimeContext().getState(new ValueStateDescriptor<>("expiry-timer", Types.LONG));
        latePurchases = getRuntimeContext().getMetricGroup().counter("latePurchases");
        textConversions = getRuntimeContext().getMetricGroup().addGroup("kind", "text").counter("conversions");
        holdoutConversions = getRuntimeContext().getMetricGroup().addGroup("kind", "holdout").counter("conversions");
    }

    @Override
    public void processElement(AnalyticsInput input, ReadOnlyContext ctx, Collector<Conversion> out) throws Exception {
        loadWindows(ctx.getBroadcastState(WINDOWS));
        AttributionState current = state.value();
        if (current == null) {
            current = new AttributionState();
        }
        long watermark = ctx.timerService().currentWatermark();
        if (input.decision != null) {
            attribution.onDecision(current, input.decision);
        } else if (input.text != null) {
            attribution.onText(current, input.text);
        } else if (input.engagement != null) {
            attribution.onEngagement(current, input.engagement);
        } else if (input.purchase != null && attribution.tooLate(input.purchase, watermark)) {
            latePurchases.inc();
            ctx.output(LATE_PURCHASES, LatePurchase.of(input.purchase, watermark));
        } else if (input.purchase != null) {
            attribution.onPurchase(current, input.purchase, watermark).forEach(conversion -> emit(conversion, out));
        }
        attribution.advance(current, watermark).forEach(conversion -> emit(conversion, out));
        store(current, ctx);
    }

    /** A definition that does not parse is ignored here: the sequencer rejects it and reports why. */
    @Override
    public void processBroadcastElement(SequenceDefinition definition, Context ctx, Collector<Conversion> out)
            throws Exception {
        BroadcastState<String, Tuple2<Integer, Long>> windows = ctx.getBroadcastState(WINDOWS);
        loadWindows(windows);
        String key = definition.getBrandId() + "/" + definition.getSequenceId();
        Tuple2<Integer, Long> known = windows.get(key);
        if (known != null && known.f0 > definition.getVersion()) {
            return;
        }
        if (DefinitionParser.parse(definition.getDocument()) instanceof DefinitionParseResult.Accepted accepted) {
            Duration window = accepted.definition().attributionWindow();
            windows.put(key, Tuple2.of(definition.getVersion(), window.toMillis()));
            attribution.defineWindow(definition.getBrandId(), definition.getSequenceId(), window);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Conversion> out) throws Exception {
        loadWindows(ctx.getBroadcastState(WINDOWS));
        timer.clear();
        AttributionState current = state.value();
        if (current != null) {
            long watermark = Math.max(timestamp, ctx.timerService().currentWatermark());
            attribution.advance(current, watermark).forEach(conversion -> emit(conversion, out));
            store(current, ctx);
        }
    }

    private void emit(Conversion conversion, Collector<Conversion> out) {
        (conversion.holdout ? holdoutConversions : textConversions).inc();
        out.collect(conversion);
    }

    private void loadWindows(ReadOnlyBroadcastState<String, Tuple2<Integer, Long>> windows) throws Exception {
        if (windowsLoaded) {
            return;
        }
        for (Map.Entry<String, Tuple2<Integer, Long>> entry : windows.immutableEntries()) {
            String[] brandAndSequence = entry.getKey().split("/", 2);
            attribution.defineWindow(brandAndSequence[0], brandAndSequence[1], Duration.ofMillis(entry.getValue().f1));
        }
        windowsLoaded = true;
    }

    /** Keeps the state and moves the one timer to its next wake-up, or clears both when nothing is left. */
    private void store(AttributionState current, ReadOnlyContext ctx) throws Exception {
        Long scheduled = timer.value();
        long next = attribution.nextWakeUpMillis(current);
        if (scheduled != null && scheduled != next) {
            ctx.timerService().deleteEventTimeTimer(scheduled);
            timer.clear();
        }
        if (current.isEmpty()) {
            state.clear();
            return;
        }
        state.update(current);
        if (scheduled == null || scheduled != next) {
            ctx.timerService().registerEventTimeTimer(next);
            timer.update(next);
        }
    }
}
