package dev.nudge.platform.kafka;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.ByteBuffer;
import java.util.List;

import org.apache.avro.Schema;

import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes and reads one generated Avro record type in Avro's single-object encoding: the marker {@code C3 01},
 * the 8-byte fingerprint of the writer's schema, then the binary body. The fingerprint makes a record of the
 * wrong type (or of an unknown schema) fail loudly instead of decoding into nonsense.
 *
 * <p>It writes with the current schema and reads anything written with the current schema or one recorded in the
 * type's {@link SchemaHistory}, resolving old data to the current schema. It also reads an event a producer wrote as
 * plain JSON ({@link JsonEvents}), so retailers' JSON pipelines can feed the input topics directly.
 *
 * <p>Serializable, so Flink can ship it to its tasks; the encoder and decoder (thread-safe) are built again after
 * deserialization.
 */
public final class AvroCodec<T extends SpecificRecord> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Class<T> recordClass;
    /** Older writer schemas as JSON (Avro's Schema is not reliably serializable across versions). */
    private final List<String> writerSchemas;
    private transient BinaryMessageEncoder<T> encoder;
    private transient BinaryMessageDecoder<T> decoder;

    private AvroCodec(Class<T> recordClass, List<Schema> writerSchemas) {
        this.recordClass = recordClass;
        this.writerSchemas = writerSchemas.stream().map(Schema::toString).toList();
        lookUpEncoderAndDecoder();
    }

    /**
     * A codec for a class generated from an Avro schema, such as {@code dev.nudge.events.PurchaseEvent}, that also
     * reads the versions in its schema history.
     */
    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> recordClass) {
        return new AvroCodec<>(recordClass, SchemaHistory.of(recordClass));
    }

    /** A codec that reads data written with any of {@code writerSchemas} besides the current schema. */
    static <T extends SpecificRecord> AvroCodec<T> readingAlso(Class<T> recordClass, List<Schema> writerSchemas) {
        return new AvroCodec<>(recordClass, writerSchemas);
    }

    public Class<T> recordClass() {
        return recordClass;
    }

    public byte[] encode(T record) {
        try {
            ByteBuffer encoded = encoder.encode(record);
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode a " + recordClass.getName(), e);
        }
    }

    /**
     * @throws UndecodableRecordException if the bytes are missing, neither single-object encoded nor JSON, or not a
     *                                    {@code T}
     */
    public T decode(byte[] bytes) {
        String type = recordClass.getName();
        if (bytes == null) {
            throw new UndecodableRecordException(type, "there are no bytes (a null value or a tombstone)", null);
        }
        if (JsonEvents.isJson(bytes)) {
            try {
                return JsonEvents.read(recordClass, bytes);
            } catch (IllegalArgumentException e) {
                throw new UndecodableRecordException(type, "JSON that is not a valid " + recordClass.getSimpleName()
                        + ": " + e.getMessage(), e);
            }
        }
        try {
            return decoder.decode(bytes);
        } catch (BadHeaderException e) {
            throw new UndecodableRecordException(type, bytes.length
                    + " bytes that do not start with the Avro single-object marker C3 01 (not written by an AvroCodec?)", e);
        } catch (MissingSchemaException e) {
            throw new UndecodableRecordException(type, "the schema fingerprint in the header is not " + type
                    + "'s; the record was written as another type or with an unknown schema version ("
                    + e.getMessage() + ")", e);
        } catch (IOException | RuntimeException e) {
            throw new UndecodableRecordException(type, "the " + bytes.length
                    + " bytes carry the right header but a body that does not match the schema (" + rootCause(e) + ")", e);
        }
    }

    /** For plain Kafka producers: null stays null (a tombstone). */
    public Serializer<T> serializer() {
        return (topic, record) -> record == null ? null : encode(record);
    }

    /** For plain Kafka consumers: null stays null (a tombstone); anything else unreadable throws. */
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    /** Avro wraps the telling exception (an EOFException for a cut-off body) in a vague "Decoding datum failed". */
    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    @SuppressWarnings("unchecked")
    private void lookUpEncoderAndDecoder() {
        try {
            SchemaStore.Cache older = new SchemaStore.Cache();
            writerSchemas.forEach(json -> older.addSchema(new Schema.Parser().parse(json)));
            encoder = (BinaryMessageEncoder<T>) recordClass.getMethod("getEncoder").invoke(null);
            decoder = (BinaryMessageDecoder<T>) recordClass.getMethod("createDecoder", SchemaStore.class)
                    .invoke(null, older);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException | ClassCastException e) {
            throw new IllegalArgumentException(recordClass.getName()
                    + " is not a class generated from an Avro schema (it has no static getEncoder()/createDecoder())", e);
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        lookUpEncoderAndDecoder();
    }

    @Override
    public String toString() {
        return "AvroCodec[" + recordClass.getName() + "]";
    }
}
