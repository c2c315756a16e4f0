package dev.nudge.platform.kafka;

/** Bytes that cannot be read as the expected Avro record: the message says which type and why. */
public final class UndecodableRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String recordType;

    UndecodableRecordException(String recordType, String reason, Throwable cause) {
        super("Cannot decode a " + recordType + ": " + reason, cause);
        this.recordType = recordType;
    }

    /** The full name of the Avro record that was expected, e.g. {@code dev.nudge.events.PurchaseEvent}. */
    public String recordType() {
        return recordType;
    }
}
