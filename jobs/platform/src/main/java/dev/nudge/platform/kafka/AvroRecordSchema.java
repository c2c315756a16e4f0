package dev.nudge.platform.kafka;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Flink's (de)serialization schema over {@link AvroCodec}: the topics' single-object encoding. */
public final class AvroRecordSchema<T extends SpecificRecord> implements DeserializationSchema<T>, SerializationSchema<T> {

    private final AvroCodec<T> codec;

    private AvroRecordSchema(Class<T> recordClass) {
        this.codec = AvroCodec.of(recordClass);
    }

    public static <T extends SpecificRecord> AvroRecordSchema<T> of(Class<T> recordClass) {
        return new AvroRecordSchema<>(recordClass);
    }

    @Override
    public T deserialize(byte[] message) {
        return codec.decode(message);
    }

    @Override
    public byte[] serialize(T element) {
        return codec.encode(element);
    }

    @Override
    public boolean isEndOfStream(T nextElement) {
        return false;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return TypeInformation.of(codec.recordClass());
    }
}
