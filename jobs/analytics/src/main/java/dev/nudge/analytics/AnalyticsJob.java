package dev.nudge.analytics;

import dev.nudge.platform.kafka.KafkaClientProperties;
import dev.nudge.events.Decision;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SequenceDefinition;
import dev.nudge.events.SmsIntent;
import dev.nudge.events.VariantOutcome;
import dev.nudge.platform.kafka.AvroCodec;
import dev.nudge.platform.clickhouse.ClickHouseSink;
import dev.nudge.platform.clickhouse.ClickHouseSinkOptions;
import dev.nudge.platform.clickhouse.PurchaseRows;
import dev.nudge.platform.flink.Checkpointing;
import dev.nudge.platform.topics.Topic;
import dev.nudge.platform.topics.TopicAdmin;
import dev.nudge.platform.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.flink.util.Collector;

/**
 * Analytics: decisions, texts, engagements and purchases in; fact rows and attributed conversions out to ClickHouse.
 * It takes its sources and sinks, so tests can give it others; {@link #main} wires it to Kafka and ClickHouse.
 *
 * <pre>
 * decisions ──┬─────────────────────────────────────────────► nudge.decisions
 * outbox ─────┼─────────────────────────────────────────────► nudge.messages
 * engagements ┼─────────────────────────────────────────────► nudge.engagements
 * purchases ──┼─► keyBy(brand/customer) ─► AttributionFunction ─┬► nudge.conversions
 *             │                                                  └► nudge.late_purchases (too late to attribute)
 * definitions ┴─► accepted versions ─────────────────────────────► nudge.sequence_versions
 *
 * outbox, engagements, conversions ─► keyBy(brand/text) ─► VariantOutcomeFunction ─► Kafka nudge.variant-outcomes
 * </pre>
 */
public final class AnalyticsJob {

    public record Sources(Source<Decision, ?, ?> decisions, Source<SmsIntent, ?, ?> outbox,
                          Source<EngagementEvent, ?, ?> engagements, Source<PurchaseEvent, ?, ?> purchases,
                          Source<SequenceDefinition, ?, ?> definitions) {}

    /** {@code variantOutcomes} may be null: then the job publishes no outcomes for the bandit. */
    public record Sinks(Sink<Decision> decisions, Sink<SmsIntent> messages, Sink<EngagementEvent> engagements,
                        Sink<Conversion> conversions, Sink<PurchaseEvent> purchases,
                        Sink<LatePurchase> latePurchases, Sink<SequenceVersion> sequenceVersions,
                        Sink<VariantOutcome> variantOutcomes) {

        public Sinks withVariantOutcomes(Sink<VariantOutcome> variantOutcomes) {
            return new Sinks(decisions, messages, engagements, conversions, purchases, latePurchases, sequenceVersions,
                    variantOutcomes);
        }
    }

    private AnalyticsJob() {}

    /** See {@link AnalyticsSettings} for the arguments. */
    public static void main(String[] args) throws Exception {
        Optional<AnalyticsSettings> fromCommandLine = AnalyticsSettings.fromCommandLine(System.getenv(), args);
        if (fromCommandLine.isEmpty()) {
            return;
        }
        AnalyticsSettings settings = fromCommandLine.get();
        Topics topics = Topics.withPrefix(settings.topicPrefix());
        TopicAdmin.ensure(settings.bootstrapServers(), topics.all());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, kafkaSources(settings, topics), clickHouseSinks(
                ClickHouseSinkOptions.builder(settings.clickHouseJdbcUrl()).login(settings.clickHouseLogin()).build(),
                settings.keyedHash()).withVariantOutcomes(variantOutcomeSink(settings, topics)), settings);
        env.execute("nudge-analytics");
    }

    public static void build(StreamExecutionEnvironment env, Sources sources, Sinks sinks, AnalyticsSettings settings) {
        Checkpointing.configure(env, settings.checkpointInterval());
        Configuration noKryo = new Configuration();
        noKryo.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(noKryo);

        DataStream<Decision> decisions = env.fromSource(sources.decisions(),
                eventTime(settings, Decision::getDecidedAt), "decisions").uid("analytics-source-decisions");
        DataStream<SmsIntent> texts = env.fromSource(sources.outbox(),
                eventTime(settings, SmsIntent::getCreatedAt), "outbox").uid("analytics-source-outbox");
        DataStream<EngagementEvent> engagements = env.fromSource(sources.engagements(),
                eventTime(settings, EngagementEvent::getEventTime), "engagements").uid("analytics-source-engagements");
        DataStream<PurchaseEvent> purchases = env.fromSource(sources.purchases(),
                eventTime(settings, PurchaseEvent::getEventTime), "purchases").uid("analytics-source-purchases");

        decisions.sinkTo(sinks.decisions()).uid("analytics-sink-decisions").name("ClickHouse nudge.decisions");
        texts.sinkTo(sinks.messages()).uid("sink-messages").name("ClickHouse nudge.messages");
        engagements.sinkTo(sinks.engagements()).uid("sink-engagements").name("ClickHouse nudge.engagements");
        purchases.sinkTo(sinks.purchases()).uid("sink-purchases").name("ClickHouse nudge.purchases");

        TypeInformation<AnalyticsInput> inputType = TypeInformation.of(AnalyticsInput.class);
        DataStream<AnalyticsInput> inputs = decisions.map(AnalyticsInput::of).returns(inputType)
                .uid("wrap-decisions").name("Decisions for attribution")
                .union(texts.map(AnalyticsInput::of).returns(inputType).uid("wrap-texts").name("Texts for attribution"),
                        engagements.map(AnalyticsInput::of).returns(inputType)
                                .uid("wrap-engagements").name("Engagements for attribution"),
                        purchases.map(AnalyticsInput::of).returns(inputType)
                                .uid("wrap-purchases").name("Purchases for attribution"));
        DataStream<SequenceDefinition> definitionStream = env.fromSource(sources.definitions(),
                        eventTime(settings, SequenceDefinition::getPublishedAt), "sequence-definitions")
                .uid("analytics-source-definitions");
        definitionStream.flatMap(AnalyticsJob::acceptedVersion).returns(SequenceVersion.class)
                .uid("accepted-versions").name("Accepted definition versions")
                .sinkTo(sinks.sequenceVersions()).uid("sink-sequence-versions").name("ClickHouse nudge.sequence_versions");
        BroadcastStream<SequenceDefinition> definitions = definitionStream.broadcast(AttributionFunction.WINDOWS);
        SingleOutputStreamOperator<Conversion> conversions = inputs.keyBy(AnalyticsInput::customerKey)
                .connect(definitions)
                .process(new AttributionFunction(settings.attribution()))
                .returns(Conversion.class)
                .uid("attribution").name("Attribution per customer");
        conversions.sinkTo(sinks.conversions()).uid("sink-conversions").name("ClickHouse nudge.conversions");
        conversions.getSideOutput(AttributionFunction.LATE_PURCHASES)
                .sinkTo(sinks.latePurchases()).uid("sink-late-purchases").name("ClickHouse nudge.late_purchases");
        if (sinks.variantOutcomes() != null) {
            variantOutcomes(texts, engagements, conversions, definitions, settings)
                    .sinkTo(sinks.variantOutcomes()).uid("sink-variant-outcomes").name("Kafka nudge.variant-outcomes");
        }
    }

    /** Each delivered text's one result for the bandit, from the texts, their engagements and attribution. */
    private static DataStream<VariantOutcome> variantOutcomes(DataStream<SmsIntent> texts,
                                                              DataStream<EngagementEvent> engagements,
                                                              DataStream<Conversion> conversions,
                                                              BroadcastStream<SequenceDefinition> definitions,
                                                              AnalyticsSettings settings) {
        TypeInformation<OutcomeInput> inputType = TypeInformation.of(OutcomeInput.class);
        return texts.map(OutcomeInput::of).returns(inputType).uid("outcome-texts").name("Texts for outcomes")
                .union(engagements.map(OutcomeInput::of).returns(inputType)
                                .uid("outcome-engagements").name("Engagements for outcomes"),
                        conversions.map(OutcomeInput::of).returns(inputType)
                                .uid("outcome-conversions").name("Conversions for outcomes"))
                .filter(OutcomeInput::concernsAText).uid("outcome-relevant").name("Records that decide a text's outcome")
                .keyBy(OutcomeInput::textKey)
                .connect(definitions)
                .process(new VariantOutcomeFunction(settings.attribution()))
                .returns(new AvroTypeInfo<>(VariantOutcome.class))
                .uid("variant-outcomes").name("Bandit outcome per text");
    }

    /** The bandit's outcomes to Kafka, exactly once, keyed by text. */
    public static Sink<VariantOutcome> variantOutcomeSink(AnalyticsSettings settings, Topics topics) {
        Topic<VariantOutcome> topic = topics.variantOutcomes();
        AvroCodec<VariantOutcome> codec = AvroCodec.of(VariantOutcome.class);
        String name = topic.name();
        KafkaRecordSerializationSchema<VariantOutcome> serializer = (outcome, context, timestamp) ->
                new ProducerRecord<>(name, outcome.getMessageId().getBytes(StandardCharsets.UTF_8), codec.encode(outcome));
        return KafkaSink.<VariantOutcome>builder()
                .setKafkaProducerConfig(KafkaClientProperties.base())
                .setBootstrapServers(settings.bootstrapServers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(settings.consumerGroup() + "-variant-outcomes")
                // Below the broker's 15-minute ceiling (Flink's default of an hour is refused), as the sequencer's.
                .setProperty("transaction.timeout.ms", String.valueOf(Duration.ofMinutes(10).toMillis()))
                .build();
    }

    /** Read-committed Kafka sources over the topic catalog. */
    public static Sources kafkaSources(AnalyticsSettings settings, Topics topics) {
        return new Sources(kafkaSource(settings, topics.decisions()), kafkaSource(settings, topics.outbox()),
                kafkaSource(settings, topics.engagements()), kafkaSource(settings, topics.purchases()),
                kafkaSource(settings, topics.sequenceDefinitions()));
    }

    /** One ClickHouseSink per fact table, each with its own RowBinder. */
    public static Sinks clickHouseSinks(ClickHouseSinkOptions options, KeyedHash hash) {
        return new Sinks(new ClickHouseSink<>(options, new DecisionRows("nudge.decisions", hash)),
                new ClickHouseSink<>(options, new MessageRows("nudge.messages", hash)),
                new ClickHouseSink<>(options, new EngagementRows("nudge.engagements", hash)),
                new ClickHouseSink<>(options, new ConversionRows("nudge.conversions", hash)),
                new ClickHouseSink<>(options, new PurchaseRows("nudge.purchases", hash)),
                new ClickHouseSink<>(options, new LatePurchaseRows("nudge.late_purchases", hash)),
                new ClickHouseSink<>(options, new SequenceVersionRows("nudge.sequence_versions")), null);
    }

    private static void acceptedVersion(SequenceDefinition definition, Collector<SequenceVersion> out) {
        SequenceVersion.of(definition).ifPresent(out::collect);
    }

    /** The topics the job reads, for tests and deployments that create them up front. */
    public static List<Topic<?>> inputTopics(Topics topics) {
        return List.of(topics.decisions(), topics.outbox(), topics.engagements(), topics.purchases(),
                topics.sequenceDefinitions());
    }

    private static <T extends SpecificRecord> KafkaSource<T> kafkaSource(AnalyticsSettings settings, Topic<T> topic) {
        return KafkaSource.<T>builder()
                .setProperties(KafkaClientProperties.base())
                .setBootstrapServers(settings.bootstrapServers())
                .setTopics(topic.name())
                .setGroupId(settings.consumerGroup())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new SkippingDeserializer<>(topic.valueClass()))
                .setProperty("isolation.level", "read_committed")
                .build();
    }

    private interface TimeOf<T> extends java.io.Serializable {
        java.time.Instant of(T record);
    }

    private static <T> WatermarkStrategy<T> eventTime(AnalyticsSettings settings, TimeOf<T> timeOf) {
        Duration outOfOrderness = settings.maxOutOfOrderness();
        return WatermarkStrategy.<T>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner((record, kafkaTimestamp) -> timeOf.of(record).toEpochMilli())
                .withIdleness(settings.sourceIdleness());
    }
}
