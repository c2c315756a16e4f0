package dev.nudge.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nudge.domain.text.KeywordReplies;
import dev.nudge.domain.text.ReplyKind;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookMainTest {

    private static final Map<String, String> REQUIRED = Map.of(
            "NUDGE_BOOTSTRAP_SERVERS", "kafka:9092",
            "TWILIO_AUTH_TOKEN", "token",
            "NUDGE_WEBHOOK_BASE", "https://hooks.example.com",
            "NUDGE_LINK_SECRET", "link-secret-of-the-test");

    @Test
    void theRequiredSettingsAreEnoughAndTheRestHaveDefaults() {
        WebhookSettings settings = WebhookMain.settingsFrom(REQUIRED);

        assertThat(settings.publicBaseUrl()).isEqualTo(URI.create("https://hooks.example.com"));
        assertThat(settings.port()).isEqualTo(WebhookMain.DEFAULT_PORT);
        assertThat(settings.topics().engagements().name()).isEqualTo("nudge.engagements");
        assertThat(settings.keywordReplies().reply("demo-roasters", ReplyKind.HELP, null))
                .isEqualTo(KeywordReplies.builtIn().reply("demo-roasters", ReplyKind.HELP, null));
        assertThat(settings.brandBySender()).isEmpty();
        assertThat(settings.guards().linkSecret()).isEqualTo("link-secret-of-the-test");
        assertThat(settings.guards().spoolDirectory()).isEqualTo(Path.of("spool"));
    }

    /** Settings get logged: neither the Twilio auth token nor the link secret may show. */
    @Test
    void theSettingsPrintNoSecret() {
        Map<String, String> env = new HashMap<>(REQUIRED);
        env.put("TWILIO_AUTH_TOKEN", "twilio-token-sample");

        String printed = WebhookMain.settingsFrom(env).toString();

        assertThat(printed).contains("hooks.example.com").contains("authToken=***").contains("linkSecret=***")
                .doesNotContain("twilio-token-sample").doesNotContain("link-secret-of-the-test");
    }

    @Test
    void sendersMapToTheirBrandAndTheTenantSettingsGiveTheBrandsAnswers() {
        Map<String, String> env = new HashMap<>(REQUIRED);
        env.put("NUDGE_SENDERS", "demo-roasters=+15005550006, tea-house=MG123");
        env.put("NUDGE_TENANTS", Path.of(System.getProperty("nudge.root"), "deploy", "tenants.example.yaml").toString());
        env.put("NUDGE_WEBHOOK_PORT", "9000");
        env.put("NUDGE_TOPIC_PREFIX", "staging.");

        WebhookSettings settings = WebhookMain.settingsFrom(env);

        assertThat(settings.brandBySender()).containsEntry("+15005550006", "demo-roasters").containsEntry("MG123", "tea-house");
        assertThat(settings.keywordReplies().reply("demo-roasters", ReplyKind.HELP, "en-US"))
                .hasValueSatisfying(help -> assertThat(help).startsWith("Demo Roasters: For help, contact "));
        assertThat(settings.port()).isEqualTo(9000);
        assertThat(settings.topics().engagements().name()).isEqualTo("staging.nudge.engagements");
    }

    @Test
    void theNumbersBehindASenderMapToItsBrandAndASharedNumberToEveryBrandListingIt() {
        Map<String, String> env = new HashMap<>(REQUIRED);
        env.put("NUDGE_SENDERS", "alpha=+15005550001,beta=MG123,gamma=+15005550003");
        env.put("NUDGE_SENDER_NUMBERS", "MG123=+15005550201|+15005550202,+15005550001=+15005550999,"
                + "+15005550003=+15005550999");

        WebhookSettings settings = WebhookMain.settingsFrom(env);
        SenderBrands brands = new SenderBrands(settings.brandBySender(), settings.senderNumbers());

        assertThat(brands.of("+15005550202", null)).containsExactly("beta");
        assertThat(brands.of("+15005550777", "MG123")).as("the service's sid decides").containsExactly("beta");
        assertThat(brands.of("+15005550999", null)).containsExactlyInAnyOrder("alpha", "gamma");
        assertThat(brands.of("+15005550001", null)).containsExactly("alpha");
        assertThat(brands.of("+15005550404", null)).isEmpty();
        assertThat(brands.all()).containsExactly("alpha", "beta", "gamma");
    }

    @Test
    void numbersOfASenderThatIsNoBrandsAreRefused() {
        Map<String, String> env = new HashMap<>(REQUIRED);
        env.put("NUDGE_SENDER_NUMBERS", "MG999=+15005550201");
        WebhookSettings settings = WebhookMain.settingsFrom(env);

        assertThatThrownBy(() -> new SenderBrands(settings.brandBySender(), settings.senderNumbers()))
                .hasMessageContaining("MG999");
    }

    @Test
    void aMissingRequiredSettingIsNamed() {
        Map<String, String> env = new HashMap<>(REQUIRED);
        env.remove("NUDGE_WEBHOOK_BASE");

        assertThatThrownBy(() -> WebhookMain.settingsFrom(env))
                .hasMessage("give --webhook-base or set NUDGE_WEBHOOK_BASE");
        env.remove("NUDGE_LINK_SECRET");
        assertThatThrownBy(() -> WebhookMain.settingsFrom(env, "--webhook-base", "https://hooks.example.com"))
                .hasMessage("set NUDGE_LINK_SECRET (a secret: never a flag)");
    }

    @Test
    void theSameSettingsAreFlagsAndAFlagWinsOverItsVariable() {
        Map<String, String> env = new HashMap<>(REQUIRED);
        env.put("NUDGE_WEBHOOK_PORT", "9000");

        WebhookSettings settings = WebhookMain.settingsFrom(env, "--webhook-port", "9100", "--receipt-time",
                "DECISION_TIME", "--topic-prefix", "staging.");

        assertThat(settings.port()).isEqualTo(9100);
        assertThat(settings.receiptTime()).isEqualTo(ReceiptTime.DECISION_TIME);
        assertThat(settings.topics().engagements().name()).isEqualTo("staging.nudge.engagements");
        assertThatThrownBy(() -> WebhookMain.settingsFrom(env, "--link-secret", "x")).hasMessageContaining("--link-secret");
    }
}
