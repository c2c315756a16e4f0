package dev.nudge.analytics;

import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The Flink adapter around {@link Attribution}, keyed by brand/customer. One state value and one event-time timer per
 * customer: the timer sits at the state's next expiry, and when everything has expired the customer leaves no state
 * and no timer.
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
        if (input.decision != null) {
            attribution.onDecision(current, input.decision);
        } else if (input.text != null) {
            attribution.onText(current, input.text);
        } else if (input.engagement != null) {
            attribution.onEngagement(current, input.engagement);
        } else if (input.purchase != null) {
            List<Conversion> conversions = attribution.onPurchase(current, input.purchase);
            conversions.forEach(out::collect);
        }
        attribution.expire(current, ctx.timerService().currentWatermark());
        store(current, ctx);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Conversion> out) throws Exception {
        timer.clear();
        AttributionState current = state.value();
        if (current != null) {
            attribution.expire(current, timestamp);
            store(current, ctx);
        }
    }

    /** Keeps the state and moves the one timer to its next expiry, or clears both when nothing is left. */
    private void store(AttributionState current, Context ctx) throws Exception {
        Long scheduled = timer.value();
        long next = attribution.nextExpiryMillis(current);
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
