package dev.nudge.platform.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads an event written as plain JSON, the shape many retailers' pipelines produce, into its Avro record: one object
 * per event, field names as in the Avro schema, enums as their symbol, a timestamp as ISO-8601 text
 * ({@code "2026-03-02T15:04:05Z"}) or epoch milliseconds, an optional field as its value, {@code null} or left out.
 * Strict, so a typo is an error rather than a silently missing value: an unknown field, a missing required one or a
 * value of the wrong type fails with the field's path. The shapes are documented in {@code docs/events.md}.
 */
public final class JsonEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonEvents() {}

    /** Whether these bytes are a JSON object (after leading white space) rather than Avro's single-object encoding. */
    public static boolean isJson(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return false;
    }

    /** @throws IllegalArgumentException saying which field is wrong and how */
    public static <T extends SpecificRecord> T read(Class<T> recordClass, byte[] json) {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        Schema schema = SpecificData.get().getSchema(recordClass);
        Object generic = value(schema, tree, "");
        @SuppressWarnings("unchecked")
        T record = (T) SpecificData.getForClass(recordClass).deepCopy(schema, generic);
        return record;
    }

    private static Object value(Schema schema, JsonNode node, String path) {
        return switch (schema.getType()) {
            case RECORD -> record(schema, node, path);
            case UNION -> union(schema, node, path);
            case ARRAY -> {
                expect(node.isArray(), "an array", node, path);
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < node.size(); i++) {
                    items.add(value(schema.getElementType(), node.get(i), path + "[" + i + "]"));
                }
                yield new GenericData.Array<>(schema, items);
            }
            case MAP -> {
                expect(node.isObject(), "an object", node, path);
                Map<String, Object> entries = new HashMap<>();
                node.fields().forEachRemaining(entry ->
                        entries.put(entry.getKey(), value(schema.getValueType(), entry.getValue(), path + "." + entry.getKey())));
                yield entries;
            }
            case ENUM -> {
                expect(node.isTextual() && schema.hasEnumSymbol(node.asText()), "one of " + schema.getEnumSymbols(),
                        node, path);
                yield new GenericData.EnumSymbol(schema, node.asText());
            }
            case STRING -> {
                expect(node.isTextual(), "text", node, path);
                yield node.asText();
            }
            case LONG -> schema.getLogicalType() instanceof LogicalTypes.TimestampMillis ? (Object) instant(node, path)
                    : wholeNumber(node, path, Long.MIN_VALUE, Long.MAX_VALUE);
            case INT -> (int) wholeNumber(node, path, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case DOUBLE, FLOAT -> {
                expect(node.isNumber(), "a number", node, path);
                yield schema.getType() == Schema.Type.FLOAT ? (Object) node.floatValue() : (Object) node.doubleValue();
            }
            case BOOLEAN -> {
                expect(node.isBoolean(), "true or false", node, path);
                yield node.booleanValue();
            }
            case NULL -> {
                expect(node.isNull(), "null", node, path);
                yield null;
            }
            default -> throw new IllegalArgumentException(path + ": a " + schema.getType() + " field cannot be given as JSON");
        };
    }

    private static GenericData.Record record(Schema schema, JsonNode node, String path) {
        expect(node.isObject(), "an object", node, path);
        GenericData.Record record = new GenericData.Record(schema);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (schema.getField(name) == null) {
                throw new IllegalArgumentException(join(path, name) + ": no such field in " + schema.getName()
                        + " (fields: " + schema.getFields().stream().map(Schema.Field::name).toList() + ")");
            }
        }
        for (Schema.Field field : schema.getFields()) {
            JsonNode given = node.get(field.name());
            if (given == null) {
                if (!field.hasDefaultValue()) {
                    throw new IllegalArgumentException(join(path, field.name()) + ": required, but missing");
                }
                record.put(field.pos(), GenericData.get().getDefaultValue(field));
            } else {
                record.put(field.pos(), value(field.schema(), given, join(path, field.name())));
            }
        }
        return record;
    }

    /** Only {@code ["null", X]} unions occur in the events: null (or left out) or an X. */
    private static Object union(Schema schema, JsonNode node, String path) {
        if (node.isNull()) {
            if (schema.getTypes().stream().anyMatch(type -> type.getType() == Schema.Type.NULL)) {
                return null;
            }
            throw new IllegalArgumentException(path + ": may not be null");
        }
        List<Schema> nonNull = schema.getTypes().stream().filter(type -> type.getType() != Schema.Type.NULL).toList();
        if (nonNull.size() != 1) {
            throw new IllegalArgumentException(path + ": a union of several types cannot be given as JSON");
        }
        return value(nonNull.get(0), node, path);
    }

    /** The generated classes hold timestamps as {@link Instant}s (Avro's time conversions are on). */
    private static Instant instant(JsonNode node, String path) {
        if (node.isTextual()) {
            try {
                return Instant.parse(node.asText());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(path + ": expected an ISO-8601 instant such as "
                        + "\"2026-03-02T15:04:05Z\" or epoch milliseconds, got " + node);
            }
        }
        return Instant.ofEpochMilli(wholeNumber(node, path, Long.MIN_VALUE, Long.MAX_VALUE));
    }

    private static long wholeNumber(JsonNode node, String path, long min, long max) {
        expect(node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= min && node.asLong() <= max,
                "a whole number" + (max == Integer.MAX_VALUE ? " (32-bit)" : ""), node, path);
        return node.asLong();
    }

    private static void expect(boolean ok, String what, JsonNode node, String path) {
        if (!ok) {
            throw new IllegalArgumentException((path.isEmpty() ? "the event" : path) + ": expected " + what
                    + ", got " + node);
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
