package dev.nudge.platform.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nudge.devstack.clickhouse.ClickHouseServer;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ClickHouse 18.16 that answers only over TLS with a self-signed certificate and only to a user with a password:
 * the migration runner (HTTP) and the sink's JDBC inserter reach it when given that certificate as their CA, and
 * refuse the server without it.
 */
class ClickHouseTlsITCase {

    private static final CustomerPseudonym PSEUDONYM = (brand, customer) -> "pseudonym-of-" + brand + "/" + customer;

    @TempDir
    static Path folder;
    private static Path certificate;
    private static ClickHouseServer server;

    @BeforeAll
    static void startAServerWithASelfSignedCertificate() throws IOException, InterruptedException {
        certificate = folder.resolve("server.pem");
        Path key = folder.resolve("server.key");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", key.toString(), "-out", certificate.toString())
                .redirectErrorStream(true).redirectOutput(folder.resolve("openssl.log").toFile()).start();
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0).as("openssl made a certificate")
                .isTrue();
        server = ClickHouseServer.startWithTls("writer", "tls-s3cret", certificate, key);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void migrationsAndTheSinkGoOverTlsTrustingTheGivenCaAndRefuseWithoutIt() throws SQLException {
        ClickHouseLogin trusting = new ClickHouseLogin("writer", "tls-s3cret", certificate.toString());
        ClickHouseLogin withoutCa = new ClickHouseLogin("writer", "tls-s3cret", null);

        assertThatThrownBy(() -> new ClickHouseHttp(server.httpsUrl(), withoutCa).query("SELECT 1"))
                .hasCauseInstanceOf(SSLHandshakeException.class);
        Migrations.apply(new ClickHouseHttp(server.httpsUrl(), trusting), Path.of(System.getProperty("nudge.root"),
                "sql"), null, migration -> { });

        String jdbcUrl = "jdbc:clickhouse:" + server.httpsUrl() + "/default";
        try (JdbcBatchInserter<dev.nudge.events.PurchaseEvent> inserter = new JdbcBatchInserter<>(
                ClickHouseSinkOptions.builder(jdbcUrl).login(trusting).build(),
                new PurchaseRows("nudge.purchases", PSEUDONYM))) {
            inserter.insert(Purchases.numbered(3));
        }
        assertThat(server.query("SELECT count() FROM nudge.purchases")).isEqualTo("3\n");
        try (JdbcBatchInserter<dev.nudge.events.PurchaseEvent> inserter = new JdbcBatchInserter<>(
                ClickHouseSinkOptions.builder(jdbcUrl).login(withoutCa).build(),
                new PurchaseRows("nudge.purchases", PSEUDONYM))) {
            assertThatThrownBy(() -> inserter.insert(Purchases.numbered(3))).hasStackTraceContaining("SSL");
        }
    }
}
