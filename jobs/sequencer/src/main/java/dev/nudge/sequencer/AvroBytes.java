package dev.nudge.sequencer;

import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Encodes any generated record the way the topics carry it (Avro single-object encoding). */
final class AvroBytes {

    private AvroBytes() {}

    static byte[] encode(SpecificRecord record) {
        try {
            return new BinaryMessageEncoder<SpecificRecord>(SpecificData.get(), record.getSchema()).encode(record).array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
