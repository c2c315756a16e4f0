package dev.nudge.devstack.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClickHouseServerITCase {

    @Test
    void answersQueriesOverHttp() {
        try (ClickHouseServer server = ClickHouseServer.start()) {
            assertThat(server.query("SELECT 1")).isEqualTo("1\n");
            assertThat(server.query("SELECT toString(toDateTime(3600))")).isEqualTo("1970-01-01 01:00:00\n");

            server.execute("CREATE TABLE default.t (id UInt64, name String, at DateTime) ENGINE = MergeTree ORDER BY id");
            server.execute("INSERT INTO default.t VALUES (9000000000, 'a', 1700000000), (2, 'b', 86400)");
            List<Map<String, Object>> rows = server.queryJsonEachRow("SELECT id, name, at FROM default.t ORDER BY id");

            assertThat(rows).containsExactly(
                    Map.of("id", 2, "name", "b", "at", "1970-01-02 00:00:00"),
                    Map.of("id", 9_000_000_000L, "name", "a", "at", "2023-11-14 22:13:20"));
            assertThat(server.jdbcUrl()).isEqualTo("jdbc:clickhouse://127.0.0.1:" + server.httpPort() + "/default");
        }
    }

    @Test
    void failedQueryCarriesClickHousesErrorText() {
        try (ClickHouseServer server = ClickHouseServer.start()) {
            assertThatThrownBy(() -> server.query("SELECT * FROM default.no_such_table"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("HTTP 404")
                    .hasMessageContaining("Table default.no_such_table doesn't exist");
        }
    }

    @Test
    void twoServersRunSideBySideWithTheirOwnData() {
        try (ClickHouseServer first = ClickHouseServer.start(); ClickHouseServer second = ClickHouseServer.start()) {
            assertThat(first.httpPort()).isNotEqualTo(second.httpPort());
            assertThat(first.tcpPort()).isNotEqualTo(second.tcpPort());
            assertThat(first.directory()).isNotEqualTo(second.directory());

            first.execute("CREATE DATABASE only_in_first");

            String exists = "SELECT count() FROM system.databases WHERE name = 'only_in_first'";
            assertThat(first.query(exists)).isEqualTo("1\n");
            assertThat(second.query(exists)).isEqualTo("0\n");
        }
    }

    @Test
    void closeStopsTheServerAndDeletesItsFolder() {
        ClickHouseServer server = ClickHouseServer.start();
        Path directory = server.directory();
        assertThat(directory.resolve("data")).isDirectory();

        server.close();

        assertThat(directory).doesNotExist();
        assertThatThrownBy(() -> server.query("SELECT 1")).hasMessageContaining("unreachable");
    }

    @Test
    void fixedPortServerKeepsItsDataAcrossRestarts(@TempDir Path directory) throws IOException {
        int httpPort = freePort();
        int tcpPort = freePort();
        try (ClickHouseServer server = ClickHouseServer.start(httpPort, tcpPort, directory)) {
            assertThat(server.httpUrl()).isEqualTo("http://127.0.0.1:" + httpPort);
            server.execute("CREATE TABLE default.kept (n UInt8) ENGINE = MergeTree ORDER BY n");
            server.execute("INSERT INTO default.kept VALUES (7)");
        }
        assertThat(directory.resolve("data")).isDirectory();

        try (ClickHouseServer restarted = ClickHouseServer.start(httpPort, tcpPort, directory)) {
            assertThat(restarted.query("SELECT n FROM default.kept")).isEqualTo("7\n");
        }
    }

    @Test
    void fixedPortThatIsTakenIsRefusedUpFront(@TempDir Path directory) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> ClickHouseServer.start(taken.getLocalPort(), freePort(), directory))
                    .hasMessageContaining("Port " + taken.getLocalPort() + " on 127.0.0.1 is taken");
        }
        assertThat(Files.exists(directory.resolve("config.xml"))).isFalse();
    }

    @Test
    void failedStartQuotesTheServersLog(@TempDir Path directory) throws IOException {
        int port = freePort();

        assertThatThrownBy(() -> ClickHouseServer.start(port, port, directory))
                .hasMessageContaining("clickhouse-server exited with code")
                .hasMessageContaining("Address already in use");
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
