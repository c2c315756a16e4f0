package dev.nudge.platform.clickhouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the numbered ClickHouse migrations of a folder ({@code NNN_name.sql}) in order, once each, over the HTTP
 * interface, and records them in {@code nudge.schema_migrations}.
 *
 * <p>A file's statements end with {@code ;} at the end of a line; lines that are only a {@code --} comment are dropped.
 * An applied file must never change: if its checksum differs from the recorded one, nothing is applied and
 * {@link #apply} throws. Two runners at once against one server are not guarded against.
 */
public final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final Pattern FILE_NAME = Pattern.compile("(\\d{3})_[A-Za-z0-9_]+\\.sql");
    private static final Pattern STATEMENT_END = Pattern.compile(";[ \\t]*$", Pattern.MULTILINE);
    private static final Pattern COMMENT_LINE = Pattern.compile("^[ \\t]*--.*$\\R?", Pattern.MULTILINE);
    // The history table lives in the database the migrations create, so the runner creates that database first.
    private static final String CREATE_DATABASE = "CREATE DATABASE IF NOT EXISTS nudge";
    private static final String CREATE_HISTORY = "CREATE TABLE IF NOT EXISTS nudge.schema_migrations "
            + "(version UInt32, name String, checksum String, applied_at DateTime) "
            + "ENGINE = ReplacingMergeTree ORDER BY version";

    /** One migration file: its number, file name and SHA-256 of its bytes. */
    public record Migration(int version, String name, String checksum) {
    }

    private record MigrationFile(Migration migration, String sql) {
    }

    private Migrations() {
    }

    /** Applies the pending migrations of {@code sqlDir} and returns them, in the order applied. */
    public static List<Migration> apply(String httpUrl, Path sqlDir) {
        List<MigrationFile> files = readMigrations(sqlDir);
        ClickHouseHttp clickHouse = new ClickHouseHttp(httpUrl);
        clickHouse.query(CREATE_DATABASE);
        clickHouse.query(CREATE_HISTORY);
        Map<Integer, Migration> applied = appliedMigrations(clickHouse);
        refuseChangedFiles(files, applied);

        List<Migration> newlyApplied = new ArrayList<>();
        for (MigrationFile file : files) {
            if (!applied.containsKey(file.migration().version())) {
                run(clickHouse, file);
                newlyApplied.add(file.migration());
            }
        }
        return newlyApplied;
    }

    /** Usage: {@code Migrations <httpUrl> <sqlDir>}. */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: Migrations <clickhouse http url> <sql folder>");
            System.exit(2);
        }
        List<Migration> applied = apply(args[0], Path.of(args[1]));
        if (applied.isEmpty()) {
            System.out.println("ClickHouse schema is up to date");
        }
        applied.forEach(migration -> System.out.println("applied " + migration.name()));
    }

    /** Statements of one file, split on {@code ;} at line ends, without comment-only lines. */
    static List<String> statements(String sql) {
        return Arrays.stream(STATEMENT_END.split(sql))
                .map(statement -> COMMENT_LINE.matcher(statement).replaceAll("").trim())
                .filter(statement -> !statement.isEmpty())
                .toList();
    }

    private static void run(ClickHouseHttp clickHouse, MigrationFile file) {
        Migration migration = file.migration();
        for (String statement : statements(file.sql())) {
            try {
                clickHouse.query(statement);
            } catch (RuntimeException e) {
                throw new IllegalStateException("Migration " + migration.name() + " failed on:\n" + statement, e);
            }
        }
        clickHouse.query(String.format(
                "INSERT INTO nudge.schema_migrations (version, name, checksum, applied_at) VALUES (%d, '%s', '%s', now())",
                migration.version(), migration.name(), migration.checksum()));
        LOG.info("Applied ClickHouse migration {}", migration.name());
    }

    private static Map<Integer, Migration> appliedMigrations(ClickHouseHttp clickHouse) {
        String rows = clickHouse.query(
                "SELECT version, name, checksum FROM nudge.schema_migrations FINAL FORMAT TabSeparated");
        Map<Integer, Migration> applied = new HashMap<>();
        rows.lines().filter(line -> !line.isEmpty()).forEach(line -> {
            String[] columns = line.split("\t");
            int version = Integer.parseInt(columns[0]);
            applied.put(version, new Migration(version, columns[1], columns[2]));
        });
        return applied;
    }

    private static void refuseChangedFiles(List<MigrationFile> files, Map<Integer, Migration> applied) {
        for (MigrationFile file : files) {
            Migration current = file.migration();
            Migration recorded = applied.get(current.version());
            if (recorded != null && !recorded.checksum().equals(current.checksum())) {
                throw new IllegalStateException("Migration " + current.name() + " was changed after it was applied as "
                        + recorded.name() + " (checksum " + recorded.checksum() + ", now " + current.checksum()
                        + "). Applied migrations must not change: add a new numbered file instead.");
            }
        }
    }

    /** The folder's migration files in version order. */
    private static List<MigrationFile> readMigrations(Path sqlDir) {
        List<MigrationFile> files = new ArrayList<>();
        try (Stream<Path> paths = Files.list(sqlDir)) {
            for (Path path : paths.filter(path -> path.toString().endsWith(".sql")).toList()) {
                files.add(readMigration(path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read migrations from " + sqlDir, e);
        }
        files.sort(Comparator.comparingInt(file -> file.migration().version()));
        for (int i = 1; i < files.size(); i++) {
            Migration previous = files.get(i - 1).migration();
            Migration current = files.get(i).migration();
            if (previous.version() == current.version()) {
                throw new IllegalStateException("Migrations " + previous.name() + " and " + current.name()
                        + " share version " + current.version());
            }
        }
        return files;
    }

    private static MigrationFile readMigration(Path path) throws IOException {
        String name = path.getFileName().toString();
        Matcher matcher = FILE_NAME.matcher(name);
        if (!matcher.matches()) {
            throw new IllegalStateException("Migration file " + path + " is not named NNN_name.sql");
        }
        byte[] content = Files.readAllBytes(path);
        Migration migration = new Migration(Integer.parseInt(matcher.group(1)), name, sha256(content));
        return new MigrationFile(migration, new String(content, StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
