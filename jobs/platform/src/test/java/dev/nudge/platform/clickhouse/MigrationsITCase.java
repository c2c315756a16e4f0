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
