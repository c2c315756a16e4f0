package dev.nudge.platform.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

    @Test
    void splitsOnSemicolonsAtLineEndsAndDropsCommentLines() {
        String sql = """
                -- header
                CREATE TABLE t (a String DEFAULT 'x;y')
                ENGINE = Memory;
                  -- between
                INSERT INTO t VALUES ('1');  \t
                SELECT 1
                """;

        assertThat(Migrations.statements(sql)).containsExactly(
                "CREATE TABLE t (a String DEFAULT 'x;y')\nENGINE = Memory",
                "INSERT INTO t VALUES ('1')",
                "SELECT 1");
    }

    @Test
    void aCommentOnlyFileHasNoStatements() {
        assertThat(Migrations.statements("-- nothing yet\n\n")).isEmpty();
    }

    @Test
    void refusesMisnamedFilesBeforeTouchingTheServer(@TempDir Path sql) throws IOException {
        Files.writeString(sql.resolve("1_short_number.sql"), "SELECT 1;\n");

        assertThatThrownBy(() -> Migrations.apply("http://127.0.0.1:1", sql))
                .hasMessageContaining("1_short_number.sql is not named NNN_name.sql");
    }

    @Test
    void refusesTwoFilesWithOneNumber(@TempDir Path sql) throws IOException {
        Files.writeString(sql.resolve("004_a.sql"), "SELECT 1;\n");
        Files.writeString(sql.resolve("004_b.sql"), "SELECT 2;\n");

        assertThatThrownBy(() -> Migrations.apply("http://127.0.0.1:1", sql))
                .hasMessageMatching("Migrations 004_(a|b).sql and 004_(a|b).sql share version 4");
    }
}
