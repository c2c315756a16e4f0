package dev.nudge.domain.tenant;

import dev.nudge.domain.policy.AllowedHours;
import dev.nudge.domain.text.ReplyKind;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantSettingsTest {

    @Test
    void theExampleFileSetsBrandAndLocationPolicies() throws Exception {
        TenantSettings settings = TenantSettings.read(Files.readString(
                Path.of(System.getProperty("nudge.root"), "deploy", "tenants.example.yaml")));

        assertThat(settings.senders()).containsEntry("demo-roasters", "+15005550006");
        assertThat(settings.engine().zoneFor("demo-roasters")).isEqualTo(ZoneId.of("America/Chicago"));
        assertThat(settings.engine().zoneFor("other-brand")).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(settings.engine().capsFor("demo-roasters").maxPerWeek()).isEqualTo(2);
        assertThat(settings.engine().capsFor("demo-roasters").minGap()).isEqualTo(Duration.ofHours(4));
        assertThat(settings.engine().capsFor("other-brand").maxPerWeek()).isEqualTo(3);
        assertThat(settings.engine().quietHours().forRecipient("demo-roasters", "downtown", null))
                .isEqualTo(AllowedHours.of("09:00", "20:00"));
        assertThat(settings.engine().quietHours().forRecipient("demo-roasters", "airport", null))
                .isEqualTo(AllowedHours.of("08:00", "21:00"));
        assertThat(settings.engine().quietHours().forRecipient("other-brand", null, "FL"))
                .isEqualTo(AllowedHours.of("08:00", "20:00"));
        assertThat(settings.keywordReplies().reply("demo-roasters", ReplyKind.HELP, "en-US")).hasValueSatisfying(help ->
                assertThat(help).startsWith("Demo Roasters: For help, contact support@demoroasters.example"));
        assertThat(settings.keywordReplies().reply("demo-roasters", ReplyKind.OPT_IN, "es-MX")).hasValueSatisfying(
                optIn -> assertThat(optIn).contains("Responde STOP o BAJA para darte de baja."));
        assertThat(settings.keywordReplies().reply("demo-roasters", ReplyKind.OPT_IN, "fr"))
                .hasValue("Demo Roasters : c'est reparti ! Répondez STOP pour arrêter.");
    }

    @Test
    void keywordRepliesNeedABrandNameAndTextsInTheirLanguage() {
        assertThatThrownBy(() -> TenantSettings.read("""
                tenants:
                  acme:
                    keywordReplies:
                      locale: de-DE
                      replies: {it: {help: "Aiuto"}, en: {stop: ""}}
                """))
                .isInstanceOfSatisfying(InvalidTenantSettingsException.class, e -> assertThat(e.reasons())
                        .containsExactlyInAnyOrder(
                                "tenants.acme.keywordReplies.brandName: required, every answer names the brand",
                                "tenants.acme.keywordReplies.replies.it: no built-in texts in \"it\", so it needs help,"
                                        + " optOut and optIn",
                                "tenants.acme.keywordReplies.replies.en.stop: unknown key (known: help, optIn, optOut)",
                                "tenants.acme.keywordReplies.locale: no texts in \"de\" (built in: en, es, fr); give"
                                        + " them under replies.de"));
    }

    @Test
    void everyProblemIsReportedWithItsPath() {
        assertThatThrownBy(() -> TenantSettings.read("""
                defaults: {timeZone: Mars/Olympus}
                tenants:
                  acme:
                    caps: {minGap: soon}
                    colour: blue
                """))
                .isInstanceOfSatisfying(InvalidTenantSettingsException.class, e -> assertThat(e.reasons()).containsExactly(
                        "defaults.timeZone: \"Mars/Olympus\" is not a time zone id",
                        "tenants.acme.colour: unknown key (known: caps, keywordReplies, locations, quietHours, sender, timeZone)",
                        "tenants.acme.caps.minGap: \"soon\" is not an ISO-8601 duration"));
    }
}
