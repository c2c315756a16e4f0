package dev.nudge.analytics;

import dev.nudge.platform.clickhouse.QueryParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The analyst queries of sql/queries, by file name without {@code .sql}, in file order; {@link #bound} gives them
 * with the brand and date range the tests ask about.
 */
final class AnalystQueries {

    static final Path ROOT = Path.of(System.getProperty("nudge.root", "../.."));
    static final Path FOLDER = ROOT.resolve("sql/queries");
    /** The scenario's brand, all of March 2026. */
    static final Map<String, String> MARCH = Map.of("brand", Events.BRAND, "from", "2026-03-01", "to", "2026-04-01");

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

    /** The query with its parameters bound. */
    static String bound(String name, Map<String, String> parameters) {
        return QueryParameters.bind(get(name), parameters);
    }

    static String get(String name) {
        String sql = all().get(name);
        if (sql == null) {
            throw new IllegalArgumentException("no query " + name + " in " + FOLDER);
        }
        return sql;
    }
}
