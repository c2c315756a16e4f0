package dev.nudge.analytics;

import dev.nudge.domain.definition.DefinitionParseResult;
import dev.nudge.domain.definition.DefinitionParser;
import dev.nudge.events.SequenceDefinition;
import dev.nudge.events.VariantOutcome;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The Flink adapter around {@link VariantOutcomes}, keyed by brand/text: one state value and one event-time timer
 * per text, both gone once its window has closed (or, never delivered, once it can no longer be). The definitions
 * come in broadcast, for each sequence's attribution window, as in {@link AttributionFunction}.
 */
public final class VariantOutcomeFunction
        extends KeyedBroadcastProcessFunction<String, OutcomeInput, SequenceDefinition, VariantOutcome> {

    private final VariantOutcomes outcomes;
    private transient ValueState<TextOutcome> state;
    private transient ValueState<Long> timer;

    public VariantOutcomeFunction(AttributionSettings settings) {
        this.outcomes = new VariantOutcomes(settings);
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(
                new ValueStateDescriptor<>("text-outcome", TypeInformation.of(TextOutcome.class)));
        timer = getRuntimeContext().getState(new ValueStateDescriptor<>("text-outcome-timer", Types.LONG));
    }

    @Override
    public void processElement(OutcomeInput input, ReadOnlyContext ctx, Collector<VariantOutcome> out)
            throws Exception {
        TextOutcome current = state.value();
        if (current == null) {
            current = new TextOutcome();
        }
        ReadOnlyBroadcastState<String, Tuple2<Integer, Long>> windows = ctx.getBroadcastState(AttributionFunction.WINDOWS);
        Optional<VariantOutcome> outcome = Optional.empty();
        if (input.text != null) {
            outcomes.onText(current, input.text, windowMillis(windows, input.text.getTenant().getBrandId(),
                    input.text.getSequenceId()));
        } else if (input.engagement != null) {
            outcome = outcomes.onEngagement(current, input.engagement, windowMillis(windows,
                    input.engagement.getTenant().getBrandId(), input.engagement.getSequenceId()));
        } else {
            outcome = outcomes.onConversion(current, input.conversion);
        }
        outcome.ifPresent(out::collect);
        state.update(current);
        long expiry = outcomes.expiresAtMillis(current);
        Long scheduled = timer.value();
        if (scheduled == null || scheduled != expiry) {
            if (scheduled != null) {
                ctx.timerService().deleteEventTimeTimer(scheduled);
            }
            ctx.timerService().registerEventTimeTimer(expiry);
            timer.update(expiry);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<VariantOutcome> out) throws Exception {
        TextOutcome current = state.value();
        if (current != null) {
            outcomes.expire(current).ifPresent(out::collect);
        }
        state.clear();
        timer.clear();
    }

    /** Keeps the newest definition's window per sequence; one that does not parse is the sequencer's to report. */
    @Override
    public void processBroadcastElement(SequenceDefinition definition, Context ctx, Collector<VariantOutcome> out)
            throws Exception {
        BroadcastState<String, Tuple2<Integer, Long>> windows = ctx.getBroadcastState(AttributionFunction.WINDOWS);
        String key = definition.getBrandId() + "/" + definition.getSequenceId();
        Tuple2<Integer, Long> known = windows.get(key);
        if ((known == null || known.f0 <= definition.getVersion())
                && DefinitionParser.parse(definition.getDocument()) instanceof DefinitionParseResult.Accepted accepted) {
            windows.put(key, Tuple2.of(definition.getVersion(), accepted.definition().attributionWindow().toMillis()));
        }
    }

    private static long windowMillis(ReadOnlyBroadcastState<String, Tuple2<Integer, Long>> windows, String brandId,
                                     String sequenceId) throws Exception {
        Tuple2<Integer, Long> window = sequenceId == null ? null : windows.get(brandId + "/" + sequenceId);
        return window == null ? 0 : window.f1;
    }
}
