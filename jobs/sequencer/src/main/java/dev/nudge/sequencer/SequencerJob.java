package dev.nudge.sequencer;

import dev.nudge.events.ConsentEntry;
import dev.nudge.events.DeadLetter;
import dev.nudge.events.Decision;
import dev.nudge.events.SmsIntent;
import dev.nudge.platform.flink.Checkpointing;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.util.Optional;

/**
 * The sequencer: customer events in, texts to send (the outbox) and decisions out. It takes its sources and sinks,
 * so tests and replays can give it others; {@link #main} wires it to Kafka.
 */
public final class SequencerJob {

    /**
     * Customer-keyed inputs and broadcast reference inputs. {@code variantOutcomes} (the bandit's results from
     * analytics) may be null: then every variant keeps its prior.
     */
    public record Sources(Source<SequencerInput, ?, ?> purchases, Source<SequencerInput, ?, ?> browse,
                          Source<SequencerInput, ?, ?> customers, Source<SequencerInput, ?, ?> engagements,
                          Source<ReferenceInput, ?, ?> definitions, Source<ReferenceInput, ?, ?> catalog,
                          Source<ReferenceInput, ?, ?> variantOutcomes) {

        public Sources(Source<SequencerInput, ?, ?> purchases, Source<SequencerInput, ?, ?> browse,
                       Source<SequencerInput, ?, ?> customers, Source<SequencerInput, ?, ?> engagements,
                       Source<ReferenceInput, ?, ?> definitions, Source<ReferenceInput, ?, ?> catalog) {
            this(purchases, browse, customers, engagements, definitions, catalog, null);
        }
    }

    public record Sinks(Sink<SmsIntent> outbox, Sink<Decision> decisions, Sink<Decision> definitionRejections,
                        Sink<DeadLetter> deadLetters, Sink<ConsentEntry> suppressions) {}

    private SequencerJob() {}

    public static void main(String[] args) throws Exception {
        Optional<SequencerSettings> fromCommandLine = SequencerSettings.fromCommandLine(System.getenv(), args);
        if (fromCommandLine.isEmpty()) {
            return;
        }
        SequencerSettings settings = fromCommandLine.get();
        KafkaIo kafka = new KafkaIo(settings);
        kafka.ensureTopics();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, kafka.sources(), kafka.sinks(), settings);
        env.execute("nudge-sequencer");
    }

    public static void build(StreamExecutionEnvironment env, Sources sources, Sinks sinks, SequencerSettings settings) {
        build(env, sources, sinks, settings, new CustomerSequencer(settings.engine(), settings.timeMode(), settings.sourceIdleness()));
    }

    /** The job around the given sequencer function (tests give one whose engine fails on purpose). */
    static void build(StreamExecutionEnvironment env, Sources sources, Sinks sinks, SequencerSettings settings,
                      CustomerSequencer sequencer) {
        Checkpointing.configure(env, settings.checkpointInterval());
        // Every record type has a real serializer; fail fast instead of silently falling back to Kryo.
        Configuration noKryo = new Configuration();
        noKryo.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(noKryo);

        // An unreadable record has no event time of its own (Long.MIN_VALUE), so it cannot move event time on.
        WatermarkStrategy<SequencerInput> customerTime = settings.timeMode()
                .watermarks(SequencerInput::eventTimeMillis, settings.maxOutOfOrderness(), settings.sourceIdleness());
        WatermarkStrategy<ReferenceInput> referenceTime = settings.timeMode()
                .watermarks(ReferenceInput::eventTimeMillis, settings.maxOutOfOrderness(), settings.sourceIdleness());

        DataStream<SequencerInput> customerInputs = env
                .fromSource(sources.purchases(), customerTime, "purchases").uid("source-purchases")
                .union(env.fromSource(sources.browse(), customerTime, "browse").uid("source-browse"),
                        env.fromSource(sources.customers(), customerTime, "customers").uid("source-customers"),
                        env.fromSource(sources.engagements(), customerTime, "engagements").uid("source-engagements"));
        SingleOutputStreamOperator<SequencerInput> readable = customerInputs
                .process(new SplitDeadLetters<SequencerInput>(input -> input.deadLetter))
                .returns(SequencerInput.class)
                .uid("split-customer-dead-letters").name("Split unreadable customer records");

        DataStream<ReferenceInput> referenceInputs = env
                .fromSource(sources.definitions(), referenceTime, "sequence-definitions").uid("source-definitions")
                .union(env.fromSource(sources.catalog(), referenceTime, "catalog").uid("source-catalog"));
        if (sources.variantOutcomes() != null) {
            referenceInputs = referenceInputs.union(env.fromSource(sources.variantOutcomes(), referenceTime,
                    "variant-outcomes").uid("source-variant-outcomes"));
        }
        SingleOutputStreamOperator<ReferenceInput> readableReferences = referenceInputs
                .process(new SplitDeadLetters<ReferenceInput>(input -> input.deadLetter))
                .returns(ReferenceInput.class)
                .uid("split-reference-dead-letters").name("Split unreadable definitions and catalog records");
        BroadcastStream<ReferenceInput> references =
                readableReferences.broadcast(Descriptors.BROADCAST_STATE.toArray(MapStateDescriptor[]::new));

        SingleOutputStreamOperator<SmsIntent> decided = readable
                .keyBy(SequencerInput::customerKey)
                .connect(references)
                .process(sequencer)
                .uid("customer-sequencer").name("Sequence engine per customer");
        DataStream<ConsentEntry> consent = decided.getSideOutput(Descriptors.SUPPRESSIONS);
        // The engine is keyed by customer; a phone's opt-out written by another customer id is checked by phone.
        SingleOutputStreamOperator<SmsIntent> intents = decided
                .keyBy(SuppressionGate::key)
                .connect(consent.keyBy(SuppressionGate::key))
                .process(new SuppressionGate())
                .uid("suppression-gate").name("Texts checked against the suppression list by (brand, phone)");

        intents.sinkTo(sinks.outbox()).uid("sink-outbox").name("Outbox (texts to send)");
        decided.getSideOutput(Descriptors.DECISIONS).union(intents.getSideOutput(Descriptors.DECISIONS))
                .sinkTo(sinks.decisions()).uid("sink-decisions").name("Decisions");
        decided.getSideOutput(Descriptors.DEFINITION_REJECTIONS).sinkTo(sinks.definitionRejections())
                .uid("sink-definition-rejections").name("Rejected definitions");
        consent.sinkTo(sinks.suppressions())
                .uid("sink-suppressions").name("Suppression list (consent ledger entries)");
        readable.getSideOutput(Descriptors.DEAD_LETTERS)
                .union(readableReferences.getSideOutput(Descriptors.DEAD_LETTERS),
                        decided.getSideOutput(Descriptors.DEAD_LETTERS))
                .sinkTo(sinks.deadLetters()).uid("sink-dead-letters").name("Dead letters");
    }

    /** Sends records that could not be read to the dead-letter side output and passes the rest on. */
    static final class SplitDeadLetters<T> extends ProcessFunction<T, T> {

        interface DeadLetterOf<T> extends java.io.Serializable {
            DeadLetter of(T input);
        }

        private final DeadLetterOf<T> deadLetterOf;
        private transient Counter deadLetters;

        SplitDeadLetters(DeadLetterOf<T> deadLetterOf) {
            this.deadLetterOf = deadLetterOf;
        }

        @Override
        public void open(OpenContext openContext) {
            deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
        }

        @Override
        public void processElement(T input, Context ctx, Collector<T> out) {
            DeadLetter deadLetter = deadLetterOf.of(input);
            if (deadLetter == null) {
                out.collect(input);
            } else {
                deadLetters.inc();
                ctx.output(Descriptors.DEAD_LETTERS, deadLetter);
            }
        }
    }
}
