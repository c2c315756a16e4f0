package dev.nudge.analytics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** The analyst queries of sql/queries, by file name without {@code .sql}, in file order. */
final class AnalystQueries {

    static final Path ROOT = Path.of(System.getProperty("nudge.root", "../.."));
    static final Path FOLDER = ROOT.resolve("sql/queries");

    private AnalystQueries() {}

    static Map<String, String> all() {
        Map<String, String> queries = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(FOLDER)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).sorted().toList()) {
                String name = file.getFileName().toString();
                queries.put(name.substring(0, name.length() - ".sql".length()), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return queries;
    }

    static String get(String name) {
        String sql = all().get(name);
        if (sql == null) {
            throw new IllegalArgumentException("no query " + name + " in " + FOLDER);
        }
        return sql;
    }
}
