package dev.nudge.platform.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nudge.devstack.clickhouse.ClickHouseExtension;
import dev.nudge.platform.clickhouse.Migrations.Migration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class MigrationsITCase {

    private static final Path REPO_SQL = Path.of(System.getProperty("nudge.root"), "sql");

    @RegisterExtension
    static final ClickHouseExtension CH = new ClickHouseExtension();

    @BeforeEach
    void startFromAnEmptyServer() {
        CH.server().execute("DROP DATABASE IF EXISTS nudge");
    }

    @Test
    void appliesTheRepositoryMigrationsOnceThenNothing() {
        List<Migration> first = Migrations.apply(CH.server().httpUrl(), REPO_SQL);
        List<Migration> second = Migrations.apply(CH.server().httpUrl(), REPO_SQL);

        assertThat(first).extracting(Migration::name).startsWith("001_database.sql", "002_purchases.sql");
        assertThat(first).extracting(Migration::version).isSorted().doesNotHaveDuplicates();
        assertThat(second).isEmpty();
        assertThat(CH.server().query("SELECT count() FROM nudge.schema_migrations")).isEqualTo(first.size() + "\n");
        assertThat(CH.server().query("SELECT engine FROM system.tables WHERE database = 'nudge' AND name = 'purchases'"))
                .isEqualTo("ReplacingMergeTree\n");
    }

    /**
     * 015 rebuilds the fact tables under new sort keys: the rows written before stay (and so do the daily figures
     * the views kept), and the views count what is written after.
     */
    @Test
    void theSortKeyRebuildKeepsEveryRowAndTheViewsGoOn(@TempDir Path sql) throws IOException {
        try (var files = Files.list(REPO_SQL)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("0(0\\d|1[0-4])_.*\\.sql"))
                    .toList()) {
                Files.copy(file, sql.resolve(file.getFileName()));
            }
        }
        Migrations.apply(CH.server().httpUrl(), sql);
        CH.server().execute("INSERT INTO nudge.messages (message_id, brand_id, sequence_id, step, variant, created_at) "
                + "VALUES ('m1', 'b', 's', 0, 'A', '2026-03-02 10:00:00'), ('m2', 'b', 's', 0, 'A', '2026-03-02 11:00:00')");
        CH.server().execute("INSERT INTO nudge.conversions (conversion_id, brand_id, holdout, sequence_id, step, "
                + "variant, revenue_minor, currency, attributed_at) VALUES ('c1', 'b', 0, 's', 0, 'A', 900, 'USD', "
                + "'2026-03-03 10:00:00')");
        CH.server().execute("INSERT INTO nudge.purchases (event_id, brand_id, event_time) VALUES ('p1', 'b', "
                + "'2026-03-03 10:00:00')");
        Files.copy(REPO_SQL.resolve("015_sort_keys_by_sequence_and_time.sql"),
                sql.resolve("015_sort_keys_by_sequence_and_time.sql"));

        assertThat(Migrations.apply(CH.server().httpUrl(), sql)).extracting(Migration::version).containsExactly(15);
        CH.server().execute("INSERT INTO nudge.messages (message_id, brand_id, sequence_id, step, variant, created_at) "
                + "VALUES ('m3', 'b', 's', 0, 'A', '2026-03-02 12:00:00')");

        assertThat(CH.server().query("SELECT count() FROM nudge.messages")).isEqualTo("3\n");
        assertThat(CH.server().query("SELECT count() FROM nudge.conversions")).isEqualTo("1\n");
        assertThat(CH.server().query("SELECT count() FROM nudge.purchases")).isEqualTo("1\n");
        assertThat(CH.server().query("SELECT uniqExactMerge(sent), arraySum(arrayMap(p -> p.2, "
                + "groupUniqArrayMerge(revenue))) FROM nudge.daily_sequence_stats")).isEqualTo("3\t900\n");
        assertThat(CH.server().query("SELECT count() FROM nudge.messages WHERE brand_id = 'b' AND sequence_id = 's' "
                + "AND created_at >= '2026-03-02 10:30:00' AND created_at < '2026-03-03 00:00:00'"))
                .as("a string literal compared with a key column (18.16 fails it on toDate of a key column)")
                .isEqualTo("2\n");
        assertThat(CH.server().query("SHOW CREATE TABLE nudge.messages"))
                .contains("ORDER BY (brand_id, sequence_id, created_at, message_id)");
        assertThat(CH.server().query("SHOW CREATE TABLE nudge.purchases"))
                .contains("ORDER BY (brand_id, event_time, event_id)");
        assertThat(CH.server().query("SELECT count() FROM system.tables WHERE database = 'nudge' "
                + "AND (name LIKE '%\\\\_old' OR name LIKE '%\\\\_new')")).isEqualTo("0\n");
    }

    @Test
    void appliesOnlyTheNewFile(@TempDir Path sql) throws IOException {
        Files.writeString(sql.resolve("001_first.sql"), "CREATE TABLE IF NOT EXISTS nudge.first (a UInt8) ENGINE = MergeTree ORDER BY a;\n");
        Migrations.apply(CH.server().httpUrl(), sql);
        Files.writeString(sql.resolve("002_second.sql"), """
                -- Two statements, comment lines, a semicolon inside a line.
                CREATE TABLE IF NOT EXISTS nudge.second (a String DEFAULT 'x;y') ENGINE = MergeTree ORDER BY a;
                -- the row
                INSERT INTO nudge.second (a) VALUES ('one');
                """);

        List<Migration> applied = Migrations.apply(CH.server().httpUrl(), sql);

        assertThat(applied).extracting(Migration::name).containsExactly("002_second.sql");
        assertThat(CH.server().query("SELECT version, name FROM nudge.schema_migrations ORDER BY version"))
                .isEqualTo("1\t001_first.sql\n2\t002_second.sql\n");
        assertThat(CH.server().query("SELECT a FROM nudge.second")).isEqualTo("one\n");
    }

    @Test
    void refusesAnAppliedFileThatChanged(@TempDir Path sql) throws IOException {
        Path first = sql.resolve("001_first.sql");
        Files.writeString(first, "CREATE TABLE IF NOT EXISTS nudge.first (a UInt8) ENGINE = MergeTree ORDER BY a;\n");
        Migrations.apply(CH.server().httpUrl(), sql);
        Files.writeString(first, "CREATE TABLE IF NOT EXISTS nudge.first (a UInt16) ENGINE = MergeTree ORDER BY a;\n");
        Files.writeString(sql.resolve("002_second.sql"), "CREATE TABLE IF NOT EXISTS nudge.second (a UInt8) ENGINE = MergeTree ORDER BY a;\n");

        assertThatThrownBy(() -> Migrations.apply(CH.server().httpUrl(), sql))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Migration 001_first.sql was changed after it was applied");
        assertThat(CH.server().query("SELECT count() FROM system.tables WHERE database = 'nudge' AND name = 'second'"))
                .isEqualTo("0\n");
    }

    @Test
    void failingStatementNamesTheFileAndIsNotRecorded(@TempDir Path sql) throws IOException {
        Files.writeString(sql.resolve("001_broken.sql"), "CREATE TABLE nudge.broken (a NoSuchType) ENGINE = Memory;\n");

        assertThatThrownBy(() -> Migrations.apply(CH.server().httpUrl(), sql))
                .hasMessageContaining("Migration 001_broken.sql failed on:")
                .hasStackTraceContaining("NoSuchType");
        assertThat(CH.server().query("SELECT count() FROM nudge.schema_migrations")).isEqualTo("0\n");
    }
}
