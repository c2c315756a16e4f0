package dev.nudge.analytics;

import dev.nudge.platform.clickhouse.ClickHouseSinkOptions;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** ClickHouse's user, password and CA certificate reach the sink's JDBC driver from the environment and flags. */
class AnalyticsSettingsTest {

    private static final Map<String, String> ENVIRONMENT = Map.of("NUDGE_HASH_KEY", "a-test-key-of-16-bytes",
            "NUDGE_CLICKHOUSE_USER", "analytics", "NUDGE_CLICKHOUSE_PASSWORD", "from-the-environment",
            "NUDGE_CLICKHOUSE_CA_CERTIFICATE", "/etc/nudge/clickhouse-ca.pem");

    @Test
    void theLoginComesFromTheEnvironmentAndAFlagWins() {
        AnalyticsSettings settings = AnalyticsSettings.fromArgs(ENVIRONMENT,
                "--clickhouse-jdbc-url", "jdbc:clickhouse:https://clickhouse:8443/default",
                "--clickhouse-password", "from-a-flag");

        Properties driver = ClickHouseSinkOptions.builder(settings.clickHouseJdbcUrl())
                .login(settings.clickHouseLogin()).build().login().jdbcProperties();

        assertThat(driver).containsEntry("user", "analytics").containsEntry("password", "from-a-flag")
                .containsEntry("sslrootcert", "/etc/nudge/clickhouse-ca.pem");
        assertThat(settings.toString()).doesNotContain("from-a-flag").contains("password=***");
    }

    @Test
    void withoutEitherItIsClickHousesDefaultUser() {
        AnalyticsSettings settings = AnalyticsSettings.fromArgs(Map.of("NUDGE_HASH_KEY", "a-test-key-of-16-bytes"));

        assertThat(settings.clickHouseLogin().jdbcProperties()).containsOnlyKeys("user", "password")
                .containsEntry("user", "default").containsEntry("password", "");
    }
}
