package dev.nudge.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalyticsSettingsTest {

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
}
