package dev.nudge.sequencer;

import dev.nudge.events.DeadLetter;
import dev.nudge.platform.kafka.AvroCodec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Reads one topic's Avro records into the job's envelope type. It never throws: a record that cannot be read
 * becomes a dead letter carrying its topic, partition, offset, raw bytes and the error, and the job keeps running.
 */
final class InputDeserializer<R extends SpecificRecord, E> implements KafkaRecordDeserializationSchema<E> {

    /** Wraps a decoded record, or a dead letter, into the envelope type. */
    interface Envelope<E> extends java.io.Serializable {
        E wrap(Object recordOrDeadLetter, ConsumerRecord<byte[], byte[]> origin);
    }

    private final AvroCodec<R> codec;
    private final RecordCheck<R> check;
    private final Envelope<E> envelope;
    private final TypeInformation<E> producedType;

    InputDeserializer(Class<R> recordClass, RecordCheck<R> check, Envelope<E> envelope, TypeInformation<E> producedType) {
        this.codec = AvroCodec.of(recordClass);
        this.check = check;
        this.envelope = envelope;
        this.producedType = producedType;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<E> out) {
        Object decoded;
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("empty value (tombstone)");
            }
            R value = codec.decode(record.value());
            String problem = check.problem(value);
            decoded = problem == null ? value : deadLetter(record, problem);
        } catch (RuntimeException e) {
            decoded = deadLetter(record, e.getMessage() == null ? e.toString() : e.getMessage());
        }
        out.collect(envelope.wrap(decoded, record));
    }

    private static DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record, String error) {
        return DeadLetter.newBuilder()
                .setSourceTopic(record.topic())
                .setPartition(record.partition())
                .setOffset(record.offset())
                .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                .setValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setError(error)
                .setFailedAt(Instant.now())
                .build();
    }

    @Override
    public TypeInformation<E> getProducedType() {
        return producedType;
    }

    /** A content check after decoding: returns what is wrong, or null when the record is usable. */
    interface RecordCheck<R> extends java.io.Serializable {
        String problem(R record);
    }
}
