package dev.nudge.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DispatcherMainTest {

    private static final Map<String, String> ENV = Map.of("NUDGE_BOOTSTRAP_SERVERS", "kafka:9092",
            "TWILIO_ACCOUNT_SID", "AC123", "TWILIO_AUTH_TOKEN", "token", "NUDGE_SEND_TIME", "DECISION_TIME");

    @Test
    void theSettingsAreFlagsOrTheirVariablesAndAFlagWins() {
        DispatcherSettings settings = DispatcherMain.settingsFrom(ENV, "--send-time", "WALL_CLOCK",
                "--senders", "demo-roasters=+15005550006", "--topic-prefix", "staging.");

        assertThat(settings.sendTime()).isEqualTo(SendTime.WALL_CLOCK);
        assertThat(settings.senderFor("demo-roasters")).contains("+15005550006");
        assertThat(settings.topics().outbox().name()).isEqualTo("staging.nudge.outbox");
        assertThat(DispatcherMain.settingsFrom(ENV).sendTime()).isEqualTo(SendTime.DECISION_TIME);
    }

    @Test
    void aMissingOrBadSettingSaysWhatToFix() {
        assertThatThrownBy(() -> DispatcherMain.settingsFrom(Map.of("TWILIO_ACCOUNT_SID", "AC123",
                "TWILIO_AUTH_TOKEN", "token"))).hasMessage("give --bootstrap-servers or set NUDGE_BOOTSTRAP_SERVERS");
        assertThatThrownBy(() -> DispatcherMain.settingsFrom(Map.of("NUDGE_BOOTSTRAP_SERVERS", "kafka:9092",
                "TWILIO_ACCOUNT_SID", "AC123"))).hasMessage("set TWILIO_AUTH_TOKEN (a secret: never a flag)");
        assertThatThrownBy(() -> DispatcherMain.settingsFrom(ENV, "--send-time", "SOMETIME"))
                .hasMessageContaining("--send-time");
    }
}
