package dev.nudge.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;

/**
 * Checks that a new version of a schema and its previous version can read each other's data, and
 * names the field behind every incompatibility (Avro itself reports JSON pointers such as
 * {@code /fields/5/type/items/fields/3/type}).
 */
final class CompatibilityChecker {
  private CompatibilityChecker() {}

  enum Direction {
    BACKWARD("the new schema cannot read data written with the old one"),
    FORWARD("the old schema cannot read data written with the new one");

    final String meaning;

    Direction(String meaning) {
      this.meaning = meaning;
    }
  }

  /** One incompatibility, at a field path such as {@code PurchaseEvent.lines[].quantity}. */
  record Problem(Direction direction, String fieldPath, SchemaIncompatibilityType type, String explanation) {
    @Override
    public String toString() {
      return direction + " " + fieldPath + ": " + explanation + " [" + type + "]";
    }
  }

  /** Every incompatibility in both directions; empty when the two versions are fully compatible. */
  static List<Problem> problems(Schema oldSchema, Schema newSchema) {
    List<Problem> problems = new ArrayList<>(check(Direction.BACKWARD, newSchema, oldSchema, newSchema.getName()));
    problems.addAll(check(Direction.FORWARD, oldSchema, newSchema, oldSchema.getName()));
    return problems;
  }

  /** A failure message listing every problem, for someone who has just edited {@code schemaName}. */
  static String report(String schemaName, String previousVersion, List<Problem> problems) {
    StringBuilder report = new StringBuilder(schemaName)
        .append(" is not compatible with its previous version (").append(previousVersion).append("):");
    for (Direction direction : Direction.values()) {
      List<Problem> inDirection = problems.stream().filter(problem -> problem.direction() == direction).toList();
      if (!inDirection.isEmpty()) {
        report.append("\n  ").append(direction).append(": ").append(direction.meaning);
        inDirection.forEach(problem -> report.append("\n    - ").append(problem.fieldPath()).append(": ")
            .append(problem.explanation()).append(" [").append(problem.type()).append(']'));
      }
    }
    return report.append("\nSee schemas/README.md, \"Making a compatible change\".").toString();
  }

  private static List<Problem> check(Direction direction, Schema reader, Schema writer, String pathPrefix) {
    List<Problem> problems = new ArrayList<>();
    for (Incompatibility incompatibility :
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult().getIncompatibilities()) {
      List<String> location = pointerTokens(incompatibility.getLocation());
      String path = pathPrefix + fieldPath(reader, location);
      List<Problem> inside = incompatibility.getType() == SchemaIncompatibilityType.MISSING_UNION_BRANCH
          ? insideUnionBranch(direction, incompatibility, location, path)
          : List.of();
      if (inside.isEmpty()) {
        problems.add(new Problem(direction, path, incompatibility.getType(), explain(direction, incompatibility)));
      } else {
        problems.addAll(inside);
      }
    }
    return problems;
  }

  /**
   * Avro stops at "reader union lacking writer type: RECORD" when a nullable record changed; check
   * the two versions of that branch against each other to name the field inside it.
   */
  private static List<Problem> insideUnionBranch(
      Direction direction, Incompatibility incompatibility, List<String> location, String path) {
    Schema readerUnion = incompatibility.getReaderFragment();
    Schema writer = incompatibility.getWriterFragment();
    if (readerUnion.getType() != Schema.Type.UNION) {
      return List.of();
    }
    Schema writerBranch = writer.getType() == Schema.Type.UNION
        ? writer.getTypes().get(Integer.parseInt(location.get(location.size() - 1)))
        : writer;
    return matchingBranch(readerUnion, writerBranch)
        .map(readerBranch -> check(direction, readerBranch, writerBranch, path))
        .orElse(List.of());
  }

  private static Optional<Schema> matchingBranch(Schema readerUnion, Schema writerBranch) {
    List<Schema> sameType = readerUnion.getTypes().stream()
        .filter(branch -> branch.getType() == writerBranch.getType())
        .toList();
    return sameType.stream()
        .filter(branch -> !isNamed(branch) || branch.getFullName().equals(writerBranch.getFullName()))
        .findFirst()
        .or(() -> sameType.stream().findFirst());
  }

  /** Follows the pointer through the reader schema, naming fields, "[]" for array items and "{}" for map values. */
  private static String fieldPath(Schema reader, List<String> location) {
    StringBuilder path = new StringBuilder();
    Schema current = reader;
    for (int i = 0; i < location.size(); i++) {
      switch (location.get(i)) {
        case "fields" -> {
          Schema.Field field = nonNull(current).getFields().get(Integer.parseInt(location.get(++i)));
          path.append('.').append(field.name());
          current = field.schema();
        }
        case "items" -> {
          current = nonNull(current).getElementType();
          path.append("[]");
        }
        case "values" -> {
          current = nonNull(current).getValueType();
          path.append("{}");
        }
        // "type" steps into the field just named; "name", "symbols", "size" and union branch
        // numbers point inside the type the path already names.
        default -> { }
      }
    }
    return path.toString();
  }

  private static String explain(Direction direction, Incompatibility incompatibility) {
    String message = incompatibility.getMessage();
    return switch (incompatibility.getType()) {
      case READER_FIELD_MISSING_DEFAULT_VALUE -> direction == Direction.BACKWARD
          ? "field '" + message + "' is new and has no default, so records written before it cannot be read"
          : "field '" + message + "' was removed (or renamed) but the old schema has no default for it";
      case TYPE_MISMATCH -> "type changed, " + message;
      case MISSING_ENUM_SYMBOLS -> "symbols " + message + " are unknown to the reader, whose enum has no default";
      case NAME_MISMATCH -> "named type renamed, " + message + " (keep the old name as an alias)";
      case MISSING_UNION_BRANCH, FIXED_SIZE_MISMATCH -> message;
    };
  }

  private static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    return schema.getTypes().stream().filter(branch -> branch.getType() != Schema.Type.NULL).findFirst().orElse(schema);
  }

  private static boolean isNamed(Schema schema) {
    return switch (schema.getType()) {
      case RECORD, ENUM, FIXED -> true;
      default -> false;
    };
  }

  /** "/fields/5/type" → [fields, 5, type], undoing JSON pointer escapes. */
  private static List<String> pointerTokens(String pointer) {
    List<String> tokens = new ArrayList<>();
    for (String token : pointer.split("/")) {
      if (!token.isEmpty()) {
        tokens.add(token.replace("~1", "/").replace("~0", "~"));
      }
    }
    return tokens;
  }
}
