package dev.nudge.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

import org.apache.avro.specific.SpecificRecord;

/**
 * One record of the simulated stream, ready for Kafka.
 *
 * @param kind      which topic it goes to
 * @param key       the Kafka key: the customer id, or the sku for the catalog
 * @param value     the Avro record, of {@code kind}'s value class
 * @param eventTime when it happened (the time inside the record)
 */
public record SimEvent(TopicKind kind, String key, SpecificRecord value, Instant eventTime) {

    public SimEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(eventTime, "eventTime");
        if (!kind.valueClass().isInstance(value)) {
            throw new IllegalArgumentException(kind + " holds " + kind.valueClass().getSimpleName() + ", not " + value);
        }
    }

    public static SimEvent of(String key, SpecificRecord value, Instant eventTime) {
        return new SimEvent(TopicKind.of(value), key, value, eventTime);
    }

    public byte[] keyBytes() {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
