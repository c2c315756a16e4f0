package dev.nudge.platform.clickhouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the numbered ClickHouse migrations of a folder ({@code NNN_name.sql}) in order, once each, over the HTTP
 * interface, and records them in {@code nudge.schema_migrations}; on a cluster, in their cluster form
 * ({@link ClusterSchema}).
 *
 * <p>A file's statements end with {@code ;} at the end of a line; lines that are only a {@code --} comment are dropped.
 * An applied file must never change: if its checksum differs from the recorded one, nothing is applied and
 * {@link #apply} throws.
 *
 * <p>One runner at a time: a run first creates the table {@code nudge.schema_migrations_lock} (without
 * {@code IF NOT EXISTS}) and drops it when done. Creating a table is atomic on a server, and on a cluster the
 * {@code ON CLUSTER} creations of two runners queue in ZooKeeper in one order, so the second fails on every server
 * whichever server each runner talks to. ClickHouse has no other lock that works on both. A run that finds the table
 * throws {@link MigrationsLockedException}, naming the holder; a runner killed mid-run leaves the table behind, and
 * {@link #unlock} drops it.
 */
public final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final Pattern FILE_NAME = Pattern.compile("(\\d{3})_[A-Za-z0-9_]+\\.sql");
    private static final Pattern STATEMENT_END = Pattern.compile(";[ \\t]*$", Pattern.MULTILINE);
    private static final Pattern COMMENT_LINE = Pattern.compile("^[ \\t]*--.*$\\R?", Pattern.MULTILINE);
    private static final Pattern TABLE_EXISTS = Pattern.compile("Code: 57\\b");
    // The history table lives in the database the migrations create, so the runner creates that database first.
    private static final String CREATE_DATABASE = "CREATE DATABASE IF NOT EXISTS nudge";
    private static final String HISTORY = "(version UInt32, name String, checksum String, applied_at DateTime) "
            + "ENGINE = ReplacingMergeTree ORDER BY version";
    private static final String LOCK_TABLE = "nudge.schema_migrations_lock";

    /** One migration file: its number, file name and SHA-256 of its bytes. */
    public record Migration(int version, String name, String checksum) {
    }

    private record MigrationFile(Migration migration, String sql) {
    }

    /** Another run holds the lock; the message says who, since when, and how to release a stale lock. */
    public static final class MigrationsLockedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        MigrationsLockedException(String message) {
            super(message);
        }
    }

    private Migrations() {
    }

    /** Applies the pending migrations of {@code sqlDir} to one server, as the {@code default} user. */
    public static List<Migration> apply(String httpUrl, Path sqlDir) {
        return apply(new ClickHouseHttp(httpUrl), sqlDir, null, migration -> { });
    }

    /**
     * Applies the pending migrations of {@code sqlDir} and returns them, in the order applied; {@code onApplied}
     * hears of each as soon as it is recorded.
     *
     * @param cluster the cluster ({@code remote_servers}) to apply the cluster form on, or null for one server
     */
    public static List<Migration> apply(ClickHouseHttp clickHouse, Path sqlDir, String cluster,
                                        Consumer<Migration> onApplied) {
        List<MigrationFile> files = readMigrations(sqlDir);
        ClusterSchema clusterSchema = cluster == null ? null : new ClusterSchema(cluster);
        // Every file is rewritten, applied ones too (the rewrite remembers the tables they created), and before
        // anything runs, so a statement without a cluster form stops the run before it changes the schema.
        Map<Integer, List<String>> statements = new HashMap<>();
        for (MigrationFile file : files) {
            List<String> ofFile = statements(file.sql());
            statements.put(file.migration().version(), clusterSchema == null ? ofFile
                    : ofFile.stream().flatMap(statement -> clusterSchema.rewrite(statement).stream()).toList());
        }
        if (clusterSchema != null) {
            // An INSERT through a Distributed table returns once the shards have the rows, not when they are queued:
            // a migration may drop that table next.
            clickHouse = clickHouse.withSetting("insert_distributed_sync", "1");
        }
        String onCluster = clusterSchema == null ? "" : clusterSchema.onCluster();
        clickHouse.query(CREATE_DATABASE + onCluster);
        lock(clickHouse, onCluster);
        try {
            if (clusterSchema == null) {
                clickHouse.query("CREATE TABLE IF NOT EXISTS nudge.schema_migrations " + HISTORY);
            } else {
                clickHouse.query(clusterSchema.historyTable(HISTORY));
                // What another runner recorded through another server may still be on its way here.
                clickHouse.query("SYSTEM SYNC REPLICA nudge.schema_migrations");
            }
            Map<Integer, Migration> applied = appliedMigrations(clickHouse);
            refuseChangedFiles(files, applied);

            List<Migration> newlyApplied = new ArrayList<>();
            for (MigrationFile file : files) {
                if (!applied.containsKey(file.migration().version())) {
                    run(clickHouse, file.migration(), statements.get(file.migration().version()));
                    newlyApplied.add(file.migration());
                    onApplied.accept(file.migration());
                }
            }
            unlock(clickHouse, cluster);
            return newlyApplied;
        } catch (RuntimeException e) {
            try {
                unlock(clickHouse, cluster);
            } catch (RuntimeException unlockFailure) {
                e.addSuppressed(unlockFailure);
            }
            throw e;
        }
    }

    /** Drops the lock a killed run left behind. */
    public static void unlock(ClickHouseHttp clickHouse, String cluster) {
        clickHouse.query("DROP TABLE IF EXISTS " + LOCK_TABLE + (cluster == null ? "" : " ON CLUSTER " + cluster));
    }

    /**
     * Usage: {@code Migrations <httpUrl> <sqlDir>}, with the login from the environment ({@link ClickHouseLogin}) and
     * the cluster, if any, from {@code NUDGE_CLICKHOUSE_CLUSTER}. {@code ./nudge migrate} is the command for people.
     */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: Migrations <clickhouse http url> <sql folder>");
            System.exit(2);
        }
        List<Migration> applied = apply(new ClickHouseHttp(args[0], ClickHouseLogin.fromEnvironment(System.getenv())),
                Path.of(args[1]), System.getenv("NUDGE_CLICKHOUSE_CLUSTER"),
                migration -> System.out.println("applied " + migration.name()));
        if (applied.isEmpty()) {
            System.out.println("ClickHouse schema is up to date");
        }
    }

    /** Statements of one file, split on {@code ;} at line ends, without comment-only lines. */
    static List<String> statements(String sql) {
        return Arrays.stream(STATEMENT_END.split(sql))
                .map(statement -> COMMENT_LINE.matcher(statement).replaceAll("").trim())
                .filter(statement -> !statement.isEmpty())
                .toList();
    }

    private static void run(ClickHouseHttp clickHouse, Migration migration, List<String> statements) {
        for (String statement : statements) {
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

    private static void lock(ClickHouseHttp clickHouse, String onCluster) {
        try {
            // The holder is in the table's definition, so every server of a cluster can tell who holds it.
            clickHouse.query("CREATE TABLE " + LOCK_TABLE + onCluster + " (holder String DEFAULT '" + holder()
                    + "') ENGINE = Log");
        } catch (IllegalStateException e) {
            if (!TABLE_EXISTS.matcher(e.getMessage()).find()) {
                throw e;
            }
            String holder = clickHouse.query("SELECT default_expression FROM system.columns WHERE database = "
                    + "'nudge' AND table = 'schema_migrations_lock' AND name = 'holder' FORMAT TabSeparatedRaw").trim();
            String since = clickHouse.query("SELECT metadata_modification_time FROM system.tables WHERE database = "
                    + "'nudge' AND name = 'schema_migrations_lock' FORMAT TabSeparated").trim();
            throw new MigrationsLockedException("another migration run holds the lock on "
                    + clickHouse.endpoint().resolve("/") + " (" + holder.replace("'", "") + ", since " + since
                    + " server time); if no run is going on, release it with: ./nudge migrate --unlock");
        }
    }

    /** Who runs: user, host and process, in characters that need no quoting. */
    private static String holder() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown host";
        }
        return (System.getProperty("user.name") + "@" + host + " pid " + ProcessHandle.current().pid())
                .replaceAll("[^A-Za-z0-9@._ -]", "_");
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
