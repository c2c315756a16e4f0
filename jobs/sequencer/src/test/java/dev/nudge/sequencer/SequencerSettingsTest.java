package dev.nudge.sequencer;

import org.junit.jupiter.api.Test;

import dev.nudge.domain.definition.TrackedLinks;
import java.nio.file.Path;
import java.util.Map;
import java.time.Duration;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SequencerSettingsTest {

    @Test
    void argumentsOverrideTheDefaults() {
        String tenants = Path.of(System.getProperty("nudge.root"), "deploy", "tenants.example.yaml").toString();
        SequencerSettings settings = SequencerSettings.fromArgs(
                Map.of("NUDGE_LINK_SECRET", "a-test-secret-of-some-length"), "--bootstrap-servers", "kafka:9092",
                "--time-mode", "EVENT_TIME", "--checkpoint-interval", "PT30S", "--tenants", tenants,
                "--tracked-link-base", "https://ndg.to");

        assertThat(settings.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(settings.engine().trackedLinkBase()).isEqualTo("https://ndg.to");
        assertThat(settings.engine().trackedLinks().token("i-1"))
                .isEqualTo(new TrackedLinks("a-test-secret-of-some-length").token("i-1"));
        assertThat(SequencerSettings.defaults().engine().trackedLinkBase()).isEmpty();
        assertThat(settings.timeMode()).isEqualTo(TimeMode.EVENT_TIME);
        assertThat(settings.checkpointInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.consumerGroup()).isEqualTo("nudge-sequencer");
        assertThat(settings.engine().zoneFor("demo-roasters")).isEqualTo(ZoneId.of("America/Chicago"));
    }

    @Test
    void aTrackedLinkBaseWithoutItsSecretIsAnError() {
        assertThatThrownBy(() -> SequencerSettings.fromArgs(Map.of(), "--tracked-link-base", "https://ndg.to"))
                .hasMessageContaining("tracked-link secret");
    }

    @Test
    void everySettingCanAlsoBeItsEnvironmentVariableAndAFlagWins() {
        Map<String, String> env = Map.of("NUDGE_BOOTSTRAP_SERVERS", "kafka:9092", "NUDGE_TIME_MODE", "EVENT_TIME",
                "NUDGE_SOURCE_IDLENESS", "PT1S");
        SequencerSettings settings = SequencerSettings.fromArgs(env, "--source-idleness", "PT2S");

        assertThat(settings.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(settings.timeMode()).isEqualTo(TimeMode.EVENT_TIME);
        assertThat(settings.sourceIdleness()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void helpPrintsTheUsageAndGivesNoSettingsSoTheJobDoesNotStart() {
        assertThat(SequencerSettings.fromCommandLine(Map.of(), "--help")).isEmpty();
    }

    @Test
    void unknownSettingsAreAnError() {
        assertThatThrownBy(() -> SequencerSettings.fromArgs("--bootstrap-server", "kafka:9092"))
                .hasMessageContaining("Unknown options: '--bootstrap-server'");
    }
}
