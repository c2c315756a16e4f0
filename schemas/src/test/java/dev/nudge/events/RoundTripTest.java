package dev.nudge.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.events.SchemaFiles.SchemaFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every record of the event model, found from the .avsc files, survives both encodings unchanged. */
class RoundTripTest {
  /** The header of Avro's single-object encoding, before the schema's 8-byte fingerprint. */
  private static final byte[] SINGLE_OBJECT_MARKER = {(byte) 0xC3, 0x01};

  static Stream<SchemaFile> schemaFiles() {
    return SchemaFiles.all().stream();
  }

  static Stream<Arguments> samples() {
    return SchemaFiles.all().stream().flatMap(file -> {
      Schema schema = generatedSchema(file);
      return Stream.of(
          Arguments.of(file, "fully set", SampleRecords.fullySet(schema)),
          Arguments.of(file, "nullables unset", SampleRecords.nullablesUnset(schema)));
    });
  }

  @Test
  void discoversTheWholeEventModel() {
    assertThat(SchemaFiles.all()).extracting(file -> file.schema().getName()).contains(
        "PurchaseEvent", "LineItem", "BrowseEvent", "EngagementEvent", "CustomerEvent", "ConsentChange",
        "CatalogUpdate", "SequenceDefinition", "SmsIntent", "Decision", "DeadLetter", "Tenant");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("samples")
  void binaryRoundTripGivesAnEqualRecord(SchemaFile file, String variant, SpecificRecord original) throws IOException {
    assertSameContent(binaryRoundTrip(original), original);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("samples")
  void singleObjectRoundTripGivesAnEqualRecord(SchemaFile file, String variant, SpecificRecord original)
      throws Exception {
    ByteBuffer encoded = (ByteBuffer) original.getClass().getMethod("toByteBuffer").invoke(original);

    ByteBuffer header = encoded.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    assertThat(new byte[] {header.get(), header.get()}).as("single-object marker").isEqualTo(SINGLE_OBJECT_MARKER);
    assertThat(header.getLong()).as("schema fingerprint")
        .isEqualTo(SchemaNormalization.parsingFingerprint64(original.getSchema()));

    Object decoded = original.getClass().getMethod("fromByteBuffer", ByteBuffer.class).invoke(null, encoded);
    assertSameContent((SpecificRecord) decoded, original);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("samples")
  void decodesStringsAsStringAndTimestampsAsInstant(SchemaFile file, String variant, SpecificRecord original)
      throws IOException {
    List<String> wrongTypes = new ArrayList<>();
    collectWrongJavaTypes(binaryRoundTrip(original), original.getSchema(), original.getSchema().getName(), wrongTypes);
    assertThat(wrongTypes).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemaFiles")
  void timestampsKeepMillisecondsAndDropFinerDigits(SchemaFile file) throws IOException {
    SpecificRecord record = SampleRecords.fullySet(generatedSchema(file));
    Instant withNanos = Instant.parse("2025-06-30T23:59:59.987654321Z");
    List<Schema.Field> timestampFields = record.getSchema().getFields().stream()
        .filter(field -> isTimestampMillis(nonNull(field.schema())))
        .toList();
    timestampFields.forEach(field -> record.put(field.pos(), withNanos));

    SpecificRecord decoded = binaryRoundTrip(record);

    for (Schema.Field field : timestampFields) {
      assertThat(decoded.get(field.pos())).as(field.name()).isEqualTo(withNanos.truncatedTo(ChronoUnit.MILLIS));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemaFiles")
  void followsTheHouseRules(SchemaFile file) {
    assertThat(HouseRules.violations(file.schema(), file.path().getFileName().toString(), !file.isCommon()))
        .isEmpty();
  }

  private static Schema generatedSchema(SchemaFile file) {
    try {
      return SpecificData.get().getSchema(Class.forName(file.schema().getFullName()));
    } catch (ClassNotFoundException e) {
      throw new AssertionError("no class was generated for " + file + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends SpecificRecord> T binaryRoundTrip(T record) throws IOException {
    Class<T> type = (Class<T>) record.getClass();
    // The generated class's own model carries its logical-type conversions (Instant).
    SpecificData model = SpecificData.getForClass(type);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new SpecificDatumWriter<T>(record.getSchema(), model).write(record, encoder);
    encoder.flush();

    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null);
    T decoded = new SpecificDatumReader<T>(record.getSchema(), record.getSchema(), model).read(null, decoder);
    assertThat(decoder.isEnd()).as("every encoded byte was read").isTrue();
    return decoded;
  }

  /** Field by field first, so a failure names the field, then the record's own equals. */
  private static void assertSameContent(SpecificRecord decoded, SpecificRecord original) {
    assertThat(decoded).isNotSameAs(original).hasSameClassAs(original);
    for (Schema.Field field : original.getSchema().getFields()) {
      assertThat(decoded.get(field.pos())).as(field.name()).isEqualTo(original.get(field.pos()));
    }
    assertThat(decoded).isEqualTo(original);
  }

  private static void collectWrongJavaTypes(Object value, Schema schema, String path, List<String> wrong) {
    if (value == null) {
      if (!schema.isNullable()) {
        wrong.add(path + " is null");
      }
      return;
    }
    if (isTimestampMillis(schema)) {
      expectType(value, Instant.class, path, wrong);
      return;
    }
    switch (schema.getType()) {
      case STRING -> expectType(value, String.class, path, wrong);
      case RECORD -> {
        expectClassNamed(value, schema, path, wrong);
        SpecificRecord record = (SpecificRecord) value;
        schema.getFields().forEach(field ->
            collectWrongJavaTypes(record.get(field.pos()), field.schema(), path + "." + field.name(), wrong));
      }
      case ENUM -> expectClassNamed(value, schema, path, wrong);
      case ARRAY -> {
        List<?> elements = (List<?>) value;
        for (int i = 0; i < elements.size(); i++) {
          collectWrongJavaTypes(elements.get(i), schema.getElementType(), path + "[" + i + "]", wrong);
        }
      }
      case MAP -> ((Map<?, ?>) value).forEach((key, entry) -> {
        expectType(key, String.class, path + " key", wrong);
        collectWrongJavaTypes(entry, schema.getValueType(), path + "{" + key + "}", wrong);
      });
      case UNION -> collectWrongJavaTypes(value, nonNull(schema), path, wrong);
      default -> { } // numbers, booleans and bytes have one Java type each
    }
  }

  private static void expectType(Object value, Class<?> expected, String path, List<String> wrong) {
    if (!expected.isInstance(value)) {
      wrong.add(path + " is a " + value.getClass().getName() + ", not a " + expected.getName());
    }
  }

  private static void expectClassNamed(Object value, Schema schema, String path, List<String> wrong) {
    if (!value.getClass().getName().equals(schema.getFullName())) {
      wrong.add(path + " is a " + value.getClass().getName() + ", not the generated " + schema.getFullName());
    }
  }

  private static boolean isTimestampMillis(Schema schema) {
    return schema.getLogicalType() != null
        && schema.getLogicalType().getName().equals(LogicalTypes.timestampMillis().getName());
  }

  private static Schema nonNull(Schema schema) {
    return schema.getType() == Schema.Type.UNION
        ? schema.getTypes().stream().filter(branch -> branch.getType() != Schema.Type.NULL).findFirst().orElseThrow()
        : schema;
  }
}
