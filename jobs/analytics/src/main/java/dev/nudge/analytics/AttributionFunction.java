package dev.nudge.analytics;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The Flink adapter around {@link Attribution}, keyed by brand/customer. One state value and one event-time timer per
 * customer: the timer sits at the oldest held purchase or the state's next expiry, whichever comes first, so a
 * purchase is attributed as soon as the watermark has passed it; when everything has expired the customer leaves no
 * state and no timer.
 */
public final class AttributionFunction extends KeyedProcessFunction<String, AnalyticsInput, Conversion> {

    private final Attribution attribution;
    private transient ValueState<AttributionState> state;
    private transient ValueState<Long> timer;

    public AttributionFunction(AttributionSettings settings) {
        this.attribution = new Attribution(settings);
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(
                new ValueStateDescriptor<>("attribution", TypeInformation.of(AttributionState.class)));
        timer = getRuntimeContext().getState(new ValueStateDescriptor<>("expiry-timer", Types.LONG));
    }

    @Override
    public void processElement(AnalyticsInput input, Context ctx, Collector<Conversion> out) throws Exception {
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
        } else if (input.purchase != null) {
            attribution.onPurchase(current, input.purchase, watermark).forEach(out::collect);
        }
        attribution.advance(current, watermark).forEach(out::collect);
        store(current, ctx);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Conversion> out) throws Exception {
        timer.clear();
        AttributionState current = state.value();
        if (current != null) {
            long watermark = Math.max(timestamp, ctx.timerService().currentWatermark());
            attribution.advance(current, watermark).forEach(out::collect);
            store(current, ctx);
        }
    }

    /** Keeps the state and moves the one timer to its next wake-up, or clears both when nothing is left. */
    private void store(AttributionState current, Context ctx) throws Exception {
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
