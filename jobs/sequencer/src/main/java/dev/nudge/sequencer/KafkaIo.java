package dev.nudge.sequencer;

import dev.nudge.platform.kafka.KafkaClientProperties;
import dev.nudge.events.BrowseEvent;
import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.ConsentEntry;
import dev.nudge.events.CustomerEvent;
import dev.nudge.events.DeadLetter;
import dev.nudge.events.Decision;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SequenceDefinition;
import dev.nudge.events.SmsIntent;
import dev.nudge.platform.kafka.AvroCodec;
import dev.nudge.platform.topics.Topic;
import dev.nudge.platform.topics.TopicAdmin;
import dev.nudge.platform.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** The sequencer's Kafka sources and sinks, built from the one topic catalog. */
public final class KafkaIo {

    private final SequencerSettings settings;
    private final Topics topics;

    public KafkaIo(SequencerSettings settings) {
        this.settings = settings;
        this.topics = Topics.withPrefix(settings.topicPrefix());
    }

    public void ensureTopics() {
        TopicAdmin.ensure(settings.bootstrapServers(), topics.all());
    }

    public SequencerJob.Sources sources() {
        return new SequencerJob.Sources(
                customerSource(topics.purchases(), RecordChecks::purchase),
                customerSource(topics.browse(), RecordChecks::browse),
                customerSource(topics.customers(), RecordChecks::customerEvent),
                customerSource(topics.engagements(), RecordChecks::engagement),
                referenceSource(topics.sequenceDefinitions(), RecordChecks::definition),
                referenceSource(topics.catalog(), RecordChecks::catalog),
                referenceSource(topics.variantOutcomes(), RecordChecks::variantOutcome));
    }

    public SequencerJob.Sinks sinks() {
        return new SequencerJob.Sinks(
                sink(topics.outbox(), SmsIntent::getCustomerId, "outbox"),
                sink(topics.decisions(), Decision::getCustomerId, "decisions"),
                sink(topics.definitionRejections(), Decision::getSequenceId, "rejections"),
                sink(topics.deadLetters(), letter -> letter.getSourceTopic(), "dead-letters"),
                sink(topics.suppressions(), KafkaIo::suppressionKey, "suppressions"));
    }

    /**
     * Opt-ins and grants keep only their latest per (brand, phone); opt-outs and revocations keep each one, so no
     * later write of an older entry can ever replace the newest block (see {@link Topics#suppressions()}).
     */
    static String suppressionKey(ConsentEntry entry) {
        String key = entry.getTenant().getBrandId() + "|" + entry.getPhoneE164() + "|" + entry.getKind();
        return switch (entry.getKind()) {
            case OPTED_OUT, REVOKED -> key + "|" + entry.getEventTime().toEpochMilli();
            default -> key;
        };
    }

    private <R extends SpecificRecord> KafkaSource<SequencerInput> customerSource(
            Topic<R> topic, InputDeserializer.RecordCheck<R> check) {
        return source(topic, new InputDeserializer<>(topic.valueClass(), check,
                (record, origin) -> SequencerInput.of(record).from(origin.topic(), origin.partition(), origin.offset()),
                TypeInformation.of(SequencerInput.class)));
    }

    private <R extends SpecificRecord> KafkaSource<ReferenceInput> referenceSource(
            Topic<R> topic, InputDeserializer.RecordCheck<R> check) {
        return source(topic, new InputDeserializer<>(topic.valueClass(), check,
                (record, origin) -> ReferenceInput.of(record).from(origin.topic(), origin.partition(), origin.offset()),
                TypeInformation.of(ReferenceInput.class)));
    }

    private <E> KafkaSource<E> source(Topic<?> topic, InputDeserializer<?, E> deserializer) {
        return KafkaSource.<E>builder()
                .setProperties(KafkaClientProperties.base())
                .setBootstrapServers(settings.bootstrapServers())
                .setTopics(topic.name())
                .setGroupId(settings.consumerGroup())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(deserializer)
                .setProperty("isolation.level", "read_committed")
                .build();
    }

    private <T extends SpecificRecord> KafkaSink<T> sink(Topic<T> topic, KeyOf<T> keyOf, String name) {
        AvroCodec<T> codec = AvroCodec.of(topic.valueClass());
        String topicName = topic.name();
        KafkaRecordSerializationSchema<T> serializer = (record, context, timestamp) -> new ProducerRecord<>(
                topicName, keyOf.apply(record).getBytes(StandardCharsets.UTF_8), codec.encode(record));
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(KafkaClientProperties.base())
                .setBootstrapServers(settings.bootstrapServers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(settings.consumerGroup() + "-" + name)
                .setProperty("transaction.timeout.ms", String.valueOf(settings.transactionTimeout().toMillis()))
                .build();
    }

    private interface KeyOf<T> extends Function<T, String>, java.io.Serializable {}
}
