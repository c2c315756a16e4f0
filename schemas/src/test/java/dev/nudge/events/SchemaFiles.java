package dev.nudge.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParser;

/**
 * The module's .avsc files, parsed the way the Avro Maven plugin reads them: the shared types under
 * {@code common/} are known to every other file.
 */
final class SchemaFiles {
  /** Surefire runs tests in the module folder. */
  static final Path AVRO_DIR = Path.of("src", "main", "avro").toAbsolutePath();
  static final String COMMON_DIR = "common";
  static final String EXTENSION = ".avsc";

  private SchemaFiles() {}

  /** One .avsc file of the working tree and the record it declares. */
  record SchemaFile(Path path, Schema schema) {
    boolean isCommon() {
      return path.getParent().getFileName().toString().equals(COMMON_DIR);
    }

    @Override
    public String toString() {
      return AVRO_DIR.relativize(path).toString();
    }
  }

  /** Every schema file: the top-level ones first, then the common ones, each group by name. */
  static List<SchemaFile> all() {
    List<SchemaFile> files = new ArrayList<>();
    for (Path path : list(AVRO_DIR)) {
      files.add(new SchemaFile(path, parse(path)));
    }
    for (Path path : list(AVRO_DIR.resolve(COMMON_DIR))) {
      files.add(new SchemaFile(path, parse(path)));
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("no " + EXTENSION + " files under " + AVRO_DIR);
    }
    return files;
  }

  /** Parses a working-tree file with the working tree's common types. */
  static Schema parse(Path file) {
    List<String> commonTypes = new ArrayList<>();
    for (Path common : list(AVRO_DIR.resolve(COMMON_DIR))) {
      if (!common.equals(file)) {
        commonTypes.add(read(common));
      }
    }
    return parse(read(file), commonTypes);
  }

  /**
   * Parses one schema, resolving the named types it uses from the given common schema texts
   * (which must not include the schema itself: a name may be declared only once).
   */
  static Schema parse(String schemaText, Collection<String> commonTypeTexts) {
    SchemaParser parser = new SchemaParser();
    for (String common : commonTypeTexts) {
      parser.parse(common);
    }
    return parser.resolve(parser.parse(schemaText));
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> list(Path directory) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.filter(path -> path.getFileName().toString().endsWith(EXTENSION)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
