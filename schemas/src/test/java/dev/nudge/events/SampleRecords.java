package dev.nudge.events;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Builds instances of the generated classes from their schema alone, so a new record or field is
 * covered without touching the tests. Every value differs from the others, strings carry
 * characters outside ASCII, numbers include negatives and longs beyond the int range.
 */
final class SampleRecords {
  static final Instant BASE_TIME = Instant.parse("2025-03-01T09:15:30.123Z");

  private final boolean nullablesSet;
  private int counter;

  private SampleRecords(boolean nullablesSet) {
    this.nullablesSet = nullablesSet;
  }

  /** Every nullable field set, every array and map with two entries. */
  static SpecificRecord fullySet(Schema recordSchema) {
    return (SpecificRecord) new SampleRecords(true).value(recordSchema, recordSchema.getName());
  }

  /** Every nullable field null, every array and map empty; required fields still set. */
  static SpecificRecord nullablesUnset(Schema recordSchema) {
    return (SpecificRecord) new SampleRecords(false).value(recordSchema, recordSchema.getName());
  }

  private Object value(Schema schema, String path) {
    int n = ++counter;
    if (schema.getLogicalType() != null) {
      return logicalValue(schema, path, n);
    }
    return switch (schema.getType()) {
      case RECORD -> record(schema, path);
      case ENUM -> SpecificData.get().createEnum(pick(schema.getEnumSymbols(), n), schema);
      case ARRAY -> nullablesSet
          ? List.of(value(schema.getElementType(), path + "[0]"), value(schema.getElementType(), path + "[1]"))
          : List.of();
      case MAP -> nullablesSet
          ? Map.of("first-" + n, value(schema.getValueType(), path + "{first}"),
              "second-" + n, value(schema.getValueType(), path + "{second}"))
          : Map.of();
      case UNION -> union(schema, path);
      case STRING -> path + " #" + n + " crème brûlée 📦";
      case BYTES -> ByteBuffer.wrap(new byte[] {0, (byte) n, (byte) 0xFF, 0x7F});
      case FIXED -> SpecificData.get().createFixed(null, fixedBytes(schema.getFixedSize(), n), schema);
      case INT -> n % 2 == 0 ? -n * 1_000 : n * 1_000;
      case LONG -> (n % 2 == 0 ? -1L : 1L) * (5_000_000_000L + n);
      case FLOAT -> n + 0.25f;
      case DOUBLE -> n + 0.125;
      case BOOLEAN -> n % 2 == 0;
      case NULL -> null;
    };
  }

  private Object record(Schema schema, String path) {
    // SpecificData falls back to a generic record when no class was generated for the schema.
    if (!(SpecificData.get().newRecord(null, schema) instanceof SpecificRecord record)) {
      throw new IllegalStateException("no generated class for " + schema.getFullName());
    }
    for (Schema.Field field : schema.getFields()) {
      record.put(field.pos(), value(field.schema(), path + "." + field.name()));
    }
    return record;
  }

  private Object union(Schema union, String path) {
    List<Schema> nonNull = union.getTypes().stream().filter(branch -> branch.getType() != Schema.Type.NULL).toList();
    if (nonNull.size() != 1) {
      throw new IllegalArgumentException(path + ": only [\"null\", T] unions are supported, not " + union);
    }
    return nullablesSet ? value(nonNull.get(0), path) : null;
  }

  private Object logicalValue(Schema schema, String path, int n) {
    if (schema.getLogicalType().getName().equals(LogicalTypes.timestampMillis().getName())) {
      return BASE_TIME.plusMillis(n * 86_400_123L);
    }
    throw new IllegalArgumentException(path + ": no sample value for logical type "
        + schema.getLogicalType().getName() + "; teach SampleRecords its Java type");
  }

  private static String pick(List<String> symbols, int n) {
    return symbols.get(n % symbols.size());
  }

  private static byte[] fixedBytes(int size, int n) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (n + i);
    }
    return bytes;
  }
}
