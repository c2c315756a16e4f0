package dev.nudge.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nudge.platform.clickhouse.ClickHouseSinkOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AnalyticsSettingsTest {

    private static final Map<String, String> LOGIN_ENVIRONMENT = Map.of("NUDGE_HASH_KEY", "a-test-key-of-16-bytes",
            "NUDGE_CLICKHOUSE_USER", "analytics", "NUDGE_CLICKHOUSE_PASSWORD", "from-the-environment",
            "NUDGE_CLICKHOUSE_CA_CERTIFICATE", "/etc/nudge/clickhouse-ca.pem");

    @Test
    void everySettingIsAFlagOrItsEnvironmentVariableAndAFlagWins() {
        AnalyticsSettings settings = AnalyticsSettings.fromArgs(Map.of("NUDGE_HASH_KEY", "a-test-key-of-16-bytes",
                "NUDGE_BOOTSTRAP_SERVERS", "kafka:9092", "NUDGE_ATTRIBUTION_WINDOW", "P7D"),
                "--attribution-window", "P5D", "--consumer-group", "analytics-2");

        assertThat(settings.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(settings.consumerGroup()).isEqualTo("analytics-2");
        assertThat(settings.attribution().defaultWindow()).isEqualTo(Duration.ofDays(5));
        assertThat(settings.hashKey()).isEqualTo("a-test-key-of-16-bytes");
        assertThat(settings.toString()).doesNotContain("a-test-key-of-16-bytes");
    }

    @Test
    void helpPrintsTheUsageAndGivesNoSettingsSoTheJobDoesNotStart() {
        assertThat(AnalyticsSettings.fromCommandLine(Map.of(), "--help")).isEmpty();
    }

    @Test
    void theHashKeyIsRequiredAndAnUnknownOptionIsNamed() {
        assertThatThrownBy(() -> AnalyticsSettings.fromArgs(Map.of())).hasMessage("give --hash-key or set NUDGE_HASH_KEY");
        assertThatThrownBy(() -> AnalyticsSettings.fromArgs(Map.of("NUDGE_HASH_KEY", "a-test-key-of-16-bytes"),
                "--windw", "P1D")).hasMessageContaining("--windw");
    }

    /** ClickHouse's user, password and CA certificate reach the sink's JDBC driver from the environment and flags. */
    @Test
    void theClickHouseLoginComesFromTheEnvironmentAndAFlagWins() {
        AnalyticsSettings settings = AnalyticsSettings.fromArgs(LOGIN_ENVIRONMENT,
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
