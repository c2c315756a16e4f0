package dev.nudge.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookMainTest {

    private static final Map<String, String> REQUIRED = Map.of(
            "NUDGE_BOOTSTRAP_SERVERS", "kafka:9092",
            "TWILIO_AUTH_TOKEN", "token",
            "NUDGE_WEBHOOK_BASE", "https://hooks.example.com");

    @Test
    void theRequiredSettingsAreEnoughAndTheRestHaveDefaults() {
        WebhookSettings settings = WebhookMain.settingsFrom(REQUIRED);

        assertThat(settings.publicBaseUrl()).isEqualTo(URI.create("https://hooks.example.com"));
        assertThat(settings.port()).isEqualTo(WebhookMain.DEFAULT_PORT);
        assertThat(settings.topics().engagements().name()).isEqualTo("nudge.engagements");
        assertThat(settings.helpReply()).isEqualTo(WebhookSettings.DEFAULT_HELP_REPLY);
        assertThat(settings.brandBySender()).isEmpty();
    }

    @Test
    void sendersMapToTheirBrandAndAnEmptyReplyAnswersNothing() {
        Map<String, String> env = new HashMap<>(REQUIRED);
        env.put("NUDGE_SENDERS", "demo-roasters=+15005550006, tea-house=MG123");
        env.put("NUDGE_OPT_OUT_REPLY", "");
        env.put("NUDGE_WEBHOOK_PORT", "9000");
        env.put("NUDGE_TOPIC_PREFIX", "staging.");

        WebhookSettings settings = WebhookMain.settingsFrom(env);

        assertThat(settings.brandBySender()).containsEntry("+15005550006", "demo-roasters").containsEntry("MG123", "tea-house");
        assertThat(settings.optOutReply()).isNull();
        assertThat(settings.port()).isEqualTo(9000);
        assertThat(settings.topics().engagements().name()).isEqualTo("staging.nudge.engagements");
    }

    @Test
    void aMissingRequiredSettingIsNamed() {
        Map<String, String> env = new HashMap<>(REQUIRED);
        env.remove("NUDGE_WEBHOOK_BASE");

        assertThatThrownBy(() -> WebhookMain.settingsFrom(env)).hasMessage("Set NUDGE_WEBHOOK_BASE");
    }
}
