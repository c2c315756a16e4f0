package dev.nudge.events;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/** The modelling rules of schemas/README.md, as checks that name each violation. */
final class HouseRules {
  static final String NAMESPACE = "dev.nudge.events";
  static final Set<String> EVENT_ID_FIELDS = Set.of("eventId", "intentId", "decisionId");
  /** Records that are not events of their own, and the fields that identify one of them instead of an id. */
  static final Map<String, List<String>> OWN_KEYS = Map.of(
      "DeadLetter", List.of("sourceTopic", "partition", "offset"),
      "SequenceDefinition", List.of("sequenceId", "version"));
  /**
   * Records without a tenant: a dead letter may come from a record too broken to have one, and a
   * sequence definition belongs to a whole brand (its brandId), not to one of its locations.
   */
  static final Set<String> WITHOUT_TENANT = Set.of("DeadLetter", "SequenceDefinition");

  private static final Pattern TYPE_NAME = Pattern.compile("[A-Z][A-Za-z0-9]*");
  private static final Pattern FIELD_NAME = Pattern.compile("[a-z][A-Za-z0-9]*");
  private static final Pattern SYMBOL = Pattern.compile("[A-Z][A-Z0-9_]*");
  private static final Pattern TIME_FIELD = Pattern.compile(".*(At|Time|Until|After|Before)");
  private static final Pattern MONEY_FIELD = Pattern.compile("(?i).*(price|total|amount|cost).*");
  private static final String TIMESTAMP_MILLIS = LogicalTypes.timestampMillis().getName();

  private HouseRules() {}

  /**
   * @param fileName the .avsc file the schema was read from
   * @param topLevelEvent true for the files directly under src/main/avro (not common/): these
   *     are what topics carry, so they need an id, a tenant and an event time
   */
  static List<String> violations(Schema schema, String fileName, boolean topLevelEvent) {
    List<String> violations = new ArrayList<>();
    if (schema.getType() != Schema.Type.RECORD) {
      return List.of(fileName + " declares a " + schema.getType() + ", not a record");
    }
    if (!fileName.equals(schema.getName() + SchemaFiles.EXTENSION)) {
      violations.add(fileName + " declares " + schema.getName() + "; the file must be named after its record");
    }
    checkTypes(schema, new HashSet<>(), violations);
    if (topLevelEvent) {
      checkEventShape(schema, violations);
    }
    return violations;
  }

  private static void checkTypes(Schema schema, Set<String> seen, List<String> violations) {
    switch (schema.getType()) {
      case RECORD -> {
        if (!seen.add(schema.getFullName())) {
          return;
        }
        checkName(schema, violations);
        if (schema.getDoc() == null || schema.getDoc().isBlank()) {
          violations.add(schema.getName() + " has no doc");
        }
        for (Schema.Field field : schema.getFields()) {
          checkField(schema, field, violations);
          checkTypes(field.schema(), seen, violations);
        }
      }
      case ENUM -> {
        if (!seen.add(schema.getFullName())) {
          return;
        }
        checkName(schema, violations);
        schema.getEnumSymbols().stream().filter(symbol -> !SYMBOL.matcher(symbol).matches())
            .forEach(symbol -> violations.add(schema.getName() + "." + symbol + " is not an UPPER_SNAKE symbol"));
        // Without a default an old reader fails on any symbol added later: adding one would break.
        if (schema.getEnumDefault() == null) {
          violations.add(schema.getName() + " has no default symbol, so no symbol can ever be added");
        }
      }
      case FIXED -> {
        if (seen.add(schema.getFullName())) {
          checkName(schema, violations);
        }
      }
      case ARRAY -> checkTypes(schema.getElementType(), seen, violations);
      case MAP -> checkTypes(schema.getValueType(), seen, violations);
      case UNION -> {
        List<Schema> branches = schema.getTypes();
        if (branches.size() != 2 || branches.get(0).getType() != Schema.Type.NULL) {
          violations.add("union " + schema + " is not [\"null\", T]");
        }
        branches.forEach(branch -> checkTypes(branch, seen, violations));
      }
      default -> { } // primitives
    }
    if (schema.getLogicalType() != null && !schema.getLogicalType().getName().equals(TIMESTAMP_MILLIS)) {
      violations.add("logical type " + schema.getLogicalType().getName() + " is used; the only one allowed is "
          + TIMESTAMP_MILLIS);
    }
  }

  private static void checkName(Schema named, List<String> violations) {
    if (!NAMESPACE.equals(named.getNamespace())) {
      violations.add(named.getFullName() + " is not in namespace " + NAMESPACE + " (the Java package)");
    }
    if (!TYPE_NAME.matcher(named.getName()).matches()) {
      violations.add(named.getName() + " is not a PascalCase type name");
    }
  }

  private static void checkField(Schema record, Schema.Field field, List<String> violations) {
    String where = record.getName() + "." + field.name();
    Schema type = field.schema();
    if (!FIELD_NAME.matcher(field.name()).matches()) {
      violations.add(where + " is not a camelCase field name");
    }
    boolean defaultsToNull = field.hasDefaultValue() && field.defaultVal() == JsonProperties.NULL_VALUE;
    if (type.getType() == Schema.Type.UNION && !defaultsToNull) {
      violations.add(where + " is nullable but its default is not null");
    }
    if (TIME_FIELD.matcher(field.name()).matches() && !isTimestampMillis(nonNull(type))) {
      violations.add(where + " is a time but not a " + TIMESTAMP_MILLIS + " long");
    }
    if (MONEY_FIELD.matcher(field.name()).matches()) {
      if (!field.name().endsWith("Minor") || nonNull(type).getType() != Schema.Type.LONG) {
        violations.add(where + " is money: it must be a long in minor units named ...Minor");
      }
      if (record.getField("currency") == null) {
        violations.add(where + " is money but " + record.getName() + " has no currency field");
      }
    }
  }

  private static void checkEventShape(Schema event, List<String> violations) {
    String name = event.getName();
    List<String> keyFields = OWN_KEYS.get(name);
    if (keyFields != null) {
      keyFields.stream().filter(key -> !isRequired(event.getField(key)))
          .forEach(key -> violations.add(name + " lacks its required key field " + key));
    } else if (event.getFields().stream().noneMatch(field -> EVENT_ID_FIELDS.contains(field.name())
        && field.schema().getType() == Schema.Type.STRING)) {
      violations.add(name + " has no required string id field, one of " + EVENT_ID_FIELDS);
    }
    if (!WITHOUT_TENANT.contains(name)) {
      Schema.Field tenant = event.getField("tenant");
      if (tenant == null || !tenant.schema().getFullName().equals(NAMESPACE + ".Tenant")) {
        violations.add(name + " has no required field tenant of type Tenant");
      }
    }
    if (event.getFields().stream().noneMatch(field -> isTimestampMillis(field.schema()))) {
      violations.add(name + " has no required " + TIMESTAMP_MILLIS + " event time");
    }
  }

  private static boolean isRequired(Schema.Field field) {
    return field != null && field.schema().getType() != Schema.Type.UNION;
  }

  private static boolean isTimestampMillis(Schema schema) {
    return schema.getType() == Schema.Type.LONG && schema.getLogicalType() != null
        && schema.getLogicalType().getName().equals(TIMESTAMP_MILLIS);
  }

  private static Schema nonNull(Schema schema) {
    return schema.getType() == Schema.Type.UNION
        ? schema.getTypes().stream().filter(branch -> branch.getType() != Schema.Type.NULL).findFirst().orElse(schema)
        : schema;
  }
}
