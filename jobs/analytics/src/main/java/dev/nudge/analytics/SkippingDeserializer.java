package dev.nudge.analytics;

import dev.nudge.platform.kafka.AvroCodec;
import dev.nudge.platform.kafka.UndecodableRecordException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one topic's Avro records and skips, with a log line, those it cannot read: the sequencer already sends
 * them to the dead letters, and analytics must not stop on them.
 */
final class SkippingDeserializer<T extends SpecificRecord> implements KafkaRecordDeserializationSchema<T> {

    private static final Logger LOG = LoggerFactory.getLogger(SkippingDeserializer.class);

    private final AvroCodec<T> codec;

    SkippingDeserializer(Class<T> recordClass) {
        this.codec = AvroCodec.of(recordClass);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
        try {
            out.collect(codec.decode(record.value()));
        } catch (UndecodableRecordException e) {
            LOG.warn("Skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return TypeInformation.of(codec.recordClass());
    }
}
