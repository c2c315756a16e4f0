package dev.nudge.simulator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;

import dev.nudge.platform.kafka.AvroCodec;
import org.apache.avro.specific.SpecificRecord;

/** A SHA-256 over everything Kafka would receive: topic kind, key, encoded value, event time, in order. */
final class StreamDigest {

    private StreamDigest() {
    }

    static String of(Iterator<SimEvent> events) {
        MessageDigest digest = sha256();
        while (events.hasNext()) {
            SimEvent event = events.next();
            digest.update(event.kind().name().getBytes(StandardCharsets.UTF_8));
            digest.update(event.keyBytes());
            digest.update(encode(event.value()));
            digest.update(ByteBuffer.allocate(Long.BYTES).putLong(event.eventTime().toEpochMilli()).array());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @SuppressWarnings("unchecked")
    static byte[] encode(SpecificRecord value) {
        return ((AvroCodec<SpecificRecord>) AvroCodec.of(value.getClass())).encode(value);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
