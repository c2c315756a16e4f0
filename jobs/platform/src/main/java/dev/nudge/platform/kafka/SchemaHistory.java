package dev.nudge.platform.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Every schema a record type has been written with, so that data written before a schema changed stays readable.
 *
 * <p>The history of {@code dev.nudge.events.PurchaseEvent} is the classpath resource
 * {@code avro-history/dev.nudge.events.PurchaseEvent.schemas}, kept in the module that generates the class: one
 * self-contained schema (JSON, one line) per released version, oldest first, never edited, only appended to.
 * A test in each such module fails when the current schema is missing from its history and says what to append.
 */
public final class SchemaHistory {

    private static final String DIRECTORY = "avro-history/";

    private SchemaHistory() {}

    /** The classpath resource holding the history of {@code recordClass}. */
    public static String resourceOf(Class<?> recordClass) {
        return DIRECTORY + recordClass.getName() + ".schemas";
    }

    /** The recorded schemas of {@code recordClass}, oldest first; empty when it has no history yet. */
    public static List<Schema> of(Class<?> recordClass) {
        List<Schema> schemas = new ArrayList<>();
        try (InputStream in = recordClass.getClassLoader().getResourceAsStream(resourceOf(recordClass))) {
            if (in == null) {
                return schemas;
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank()) {
                    schemas.add(new Schema.Parser().parse(line));
                }
            }
            return schemas;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resourceOf(recordClass), e);
        }
    }

    /** Whether the history holds {@code schema}, compared by its Avro fingerprint as the single-object header is. */
    public static boolean contains(List<Schema> history, Schema schema) {
        long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        return history.stream().anyMatch(old -> SchemaNormalization.parsingFingerprint64(old) == fingerprint);
    }
}
