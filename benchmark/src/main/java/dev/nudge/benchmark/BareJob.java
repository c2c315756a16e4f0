package dev.nudge.benchmark;

import dev.nudge.sequencer.SequencerInput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;

/**
 * The baseline: the sequencer's source and keyBy, and per customer one {@code ValueState} and one event-time timer
 * (a day after the customer's last event, moved on every event, as the sequencer moves its one timer). It emits one
 * record per input and per timer, so its latencies are what Flink alone costs on the same path.
 */
final class BareJob {

    static final Duration TIMER_AFTER = Duration.ofDays(1);

    private BareJob() {}

    static void build(StreamExecutionEnvironment env, Feed<SequencerInput> customers, RunProbe probe) {
        env.fromSource(new InMemorySource<>(Types.POJO(SequencerInput.class), customers),
                        WatermarkStrategy.<SequencerInput>forBoundedOutOfOrderness(Duration.ZERO)
                                .withTimestampAssigner((input, ignored) -> input.eventTimeMillis()),
                        "customer events").uid("source-customers")
                .keyBy(SequencerInput::customerKey)
                .process(new OneValueOneTimer()).returns(Output.class)
                .uid("bare-per-customer").name("One value and one timer per customer")
                .sinkTo(new ProbeSink(probe)).uid("sink-bare").name("Bare outputs");
    }

    /** One output: an input seen (at its event time) or a timer fired (at its time). A Flink POJO. */
    public static class Output {
        public boolean timer;
        public long eventTime;

        public Output() {}

        Output(boolean timer, long eventTime) {
            this.timer = timer;
            this.eventTime = eventTime;
        }
    }

    static final class OneValueOneTimer extends KeyedProcessFunction<String, SequencerInput, Output> {

        private transient ValueState<Long> timer;

        @Override
        public void open(OpenContext openContext) {
            timer = getRuntimeContext().getState(new ValueStateDescriptor<>("timer", Types.LONG));
        }

        @Override
        public void processElement(SequencerInput input, Context ctx, Collector<Output> out) throws Exception {
            Long registered = timer.value();
            if (registered != null) {
                ctx.timerService().deleteEventTimeTimer(registered);
            }
            long wakeUp = ctx.timestamp() + TIMER_AFTER.toMillis();
            ctx.timerService().registerEventTimeTimer(wakeUp);
            timer.update(wakeUp);
            out.collect(new Output(false, ctx.timestamp()));
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Output> out) {
            timer.clear();
            out.collect(new Output(true, timestamp));
        }
    }

    private record ProbeSink(String probeId) implements Sink<Output> {

        ProbeSink(RunProbe probe) {
            this(probe.id);
        }

        @Override
        public SinkWriter<Output> createWriter(WriterInitContext context) {
            RunProbe probe = RunProbe.get(probeId);
            return new SinkWriter<>() {
                @Override
                public void write(Output output, Context context) {
                    if (output.timer) {
                        probe.timerFired(output.eventTime, System.nanoTime());
                    } else {
                        probe.inputDecided(output.eventTime, System.nanoTime());
                    }
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
