package dev.nudge.platform.clickhouse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cluster form of the single-node migrations, statement by statement (sql/README.md, "On a cluster"):
 * <ul>
 *   <li>{@code CREATE DATABASE d} runs {@code ON CLUSTER};</li>
 *   <li>{@code CREATE TABLE d.t (...) ENGINE = XMergeTree(args) ...} becomes the shard's replicated table
 *       {@code d.t_local} ({@code ReplicatedXMergeTree('/clickhouse/tables/{shard}/d/t_local', '{replica}', args)})
 *       and, under the table's own name, {@code Distributed} over it, sharded by {@code cityHash64} of the sort key:
 *       a retried row has the same key, so it lands on the shard that already holds it and folds there;</li>
 *   <li>{@code CREATE MATERIALIZED VIEW d.v TO d.t AS SELECT ... FROM d.s} runs on every shard, from and into the
 *       local tables: each shard aggregates its own rows, and the Distributed table merges the states when read;</li>
 *   <li>{@code ALTER TABLE d.t ...} alters the local tables, then re-creates the Distributed table over them (18.16
 *       refuses {@code ALTER ... ON CLUSTER} of a Distributed table on shards with internal replication);</li>
 *   <li>{@code RENAME TABLE} renames the local tables and re-creates the Distributed tables under the new names;
 *       {@code DROP TABLE} drops both;</li>
 *   <li>{@code INSERT} runs as it is, through the Distributed tables.</li>
 * </ul>
 * Every DDL statement runs {@code ON CLUSTER}, so it reaches every server through ZooKeeper, in one order. Any other
 * statement has no cluster form and is refused. The rewrite keeps state (each table's sharding key), so it reads
 * every file in order, applied ones included.
 */
final class ClusterSchema {

    static final String LOCAL_SUFFIX = "_local";

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    private static final Pattern CREATE_DATABASE = Pattern.compile("CREATE DATABASE (IF NOT EXISTS )?(\\w+)", FLAGS);
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "CREATE TABLE (IF NOT EXISTS )?(\\w+)\\.(\\w+)\\s*(\\(.*\\))\\s*ENGINE\\s*=\\s*(\\w*MergeTree)"
                    + "(?:\\s*\\((.*?)\\))?\\s+(.*)", FLAGS);
    private static final Pattern SORT_KEY = Pattern.compile("ORDER BY\\s+(\\(.*?\\)|[^\\s()]+(?:\\(.*?\\))?)"
            + "\\s*(?:SETTINGS.*)?$", FLAGS);
    private static final Pattern CREATE_VIEW = Pattern.compile(
            "CREATE MATERIALIZED VIEW (IF NOT EXISTS )?(\\w+)\\.(\\w+)\\s+TO\\s+(\\w+)\\.(\\w+)\\s+AS\\s+(SELECT\\s.*)",
            FLAGS);
    private static final Pattern ALTER_TABLE = Pattern.compile("ALTER TABLE (\\w+)\\.(\\w+)\\s+(.*)", FLAGS);
    private static final Pattern DROP_TABLE = Pattern.compile("DROP TABLE (IF EXISTS )?(\\w+)\\.(\\w+)", FLAGS);
    private static final Pattern RENAME_TABLE = Pattern.compile("RENAME TABLE\\s+(.*)", FLAGS);
    private static final Pattern RENAME_PAIR = Pattern.compile("\\s*(\\w+)\\.(\\w+)\\s+TO\\s+(\\w+)\\.(\\w+)\\s*",
            FLAGS);
    private static final Pattern INSERT = Pattern.compile("INSERT INTO\\s.*", FLAGS);

    private final String cluster;
    /** Sharded tables (database.table) and the expression their Distributed table shards by. */
    private final Map<String, String> shardingKeys = new HashMap<>();
    private final Set<String> views = new HashSet<>();

    ClusterSchema(String cluster) {
        if (!cluster.matches("\\w+")) {
            throw new IllegalArgumentException("a cluster name is letters, digits and _, got " + cluster);
        }
        this.cluster = cluster;
    }

    /** The statements that do on the cluster what {@code statement} does on one server. */
    List<String> rewrite(String statement) {
        String sql = statement.trim();
        Matcher m;
        if ((m = CREATE_DATABASE.matcher(sql)).matches()) {
            return List.of(sql + onCluster());
        }
        if ((m = CREATE_TABLE.matcher(sql)).matches()) {
            return createTable(m);
        }
        if ((m = CREATE_VIEW.matcher(sql)).matches()) {
            views.add(m.group(2) + "." + m.group(3));
            return List.of("CREATE MATERIALIZED VIEW " + nullToEmpty(m.group(1)) + m.group(2) + "." + m.group(3)
                    + onCluster() + " TO " + local(sharded(m.group(4), m.group(5), sql)) + " AS "
                    + localTables(m.group(6)));
        }
        if ((m = ALTER_TABLE.matcher(sql)).matches()) {
            String table = sharded(m.group(1), m.group(2), sql);
            return List.of("ALTER TABLE " + local(table) + onCluster() + " " + m.group(3),
                    "DROP TABLE IF EXISTS " + table + onCluster(), distributed(table));
        }
        if ((m = DROP_TABLE.matcher(sql)).matches()) {
            String table = m.group(2) + "." + m.group(3);
            String ifExists = nullToEmpty(m.group(1));
            if (views.remove(table)) {
                return List.of("DROP TABLE " + ifExists + table + onCluster());
            }
            sharded(m.group(2), m.group(3), sql);
            shardingKeys.remove(table);
            return List.of("DROP TABLE " + ifExists + table + onCluster(),
                    "DROP TABLE " + ifExists + local(table) + onCluster());
        }
        if ((m = RENAME_TABLE.matcher(sql)).matches()) {
            return renameTables(m.group(1), sql);
        }
        if (INSERT.matcher(sql).matches()) {
            return List.of(sql);
        }
        throw new IllegalStateException("No cluster form for this statement (see sql/README.md, \"On a cluster\"):\n"
                + sql);
    }

    /** The history table: on every server, replicated across the whole cluster (not per shard). */
    String historyTable(String columnsAndKey) {
        return "CREATE TABLE IF NOT EXISTS nudge.schema_migrations" + onCluster() + " " + columnsAndKey.replaceFirst(
                "ENGINE = ReplacingMergeTree", "ENGINE = ReplicatedReplacingMergeTree("
                        + "'/clickhouse/" + cluster + "/nudge/schema_migrations', '{replica}')");
    }

    String onCluster() {
        return " ON CLUSTER " + cluster;
    }

    private List<String> createTable(Matcher m) {
        String table = m.group(2) + "." + m.group(3);
        String rest = m.group(7);
        Matcher sortKey = SORT_KEY.matcher(rest);
        if (!sortKey.find() || sortKey.group(1).replaceAll("[()\\s]", "").equalsIgnoreCase("tuple")) {
            throw new IllegalStateException("No cluster form for " + table + ": its sharding key is its ORDER BY, "
                    + "and it has none");
        }
        String key = sortKey.group(1).trim();
        shardingKeys.put(table, "cityHash64(" + (key.startsWith("(") ? key.substring(1, key.length() - 1) : key) + ")");
        String engineArguments = "'/clickhouse/tables/{shard}/" + m.group(2) + "/" + m.group(3) + LOCAL_SUFFIX
                + "', '{replica}'" + (m.group(6) == null || m.group(6).isBlank() ? "" : ", " + m.group(6));
        return List.of("CREATE TABLE " + nullToEmpty(m.group(1)) + local(table) + onCluster() + " " + m.group(4)
                        + " ENGINE = Replicated" + m.group(5) + "(" + engineArguments + ") " + rest,
                distributed(table));
    }

    private List<String> renameTables(String pairs, String sql) {
        Map<String, String> renames = new LinkedHashMap<>();
        for (String pair : pairs.split(",")) {
            Matcher m = RENAME_PAIR.matcher(pair);
            if (!m.matches()) {
                throw new IllegalStateException("No cluster form for this statement:\n" + sql);
            }
            renames.put(sharded(m.group(1), m.group(2), sql), m.group(3) + "." + m.group(4));
        }
        List<String> statements = new ArrayList<>();
        renames.keySet().forEach(from -> statements.add("DROP TABLE IF EXISTS " + from + onCluster()));
        statements.add("RENAME TABLE " + String.join(", ", renames.entrySet().stream()
                .map(rename -> local(rename.getKey()) + " TO " + local(rename.getValue())).toList()) + onCluster());
        Map<String, String> keys = new HashMap<>();
        renames.forEach((from, to) -> keys.put(to, shardingKeys.remove(from)));
        shardingKeys.putAll(keys);
        renames.values().forEach(to -> statements.add(distributed(to)));
        return statements;
    }

    private String distributed(String table) {
        String[] parts = table.split("\\.");
        return "CREATE TABLE IF NOT EXISTS " + table + onCluster() + " AS " + local(table) + " ENGINE = Distributed("
                + cluster + ", " + parts[0] + ", " + parts[1] + LOCAL_SUFFIX + ", " + shardingKeys.get(table) + ")";
    }

    /** The sharded table {@code database.table}; refuses a table this rewrite did not create. */
    private String sharded(String database, String table, String sql) {
        String name = database + "." + table;
        if (!shardingKeys.containsKey(name)) {
            throw new IllegalStateException("No cluster form for this statement: " + name
                    + " is not a MergeTree table created by an earlier migration:\n" + sql);
        }
        return name;
    }

    /** {@code select} reading the local tables instead of the Distributed ones. */
    private String localTables(String select) {
        String result = select;
        for (String table : shardingKeys.keySet()) {
            result = result.replaceAll("(?i)\\b" + Pattern.quote(table) + "\\b", local(table));
        }
        return result;
    }

    private static String local(String table) {
        return table + LOCAL_SUFFIX;
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text.toUpperCase(Locale.ROOT);
    }
}
