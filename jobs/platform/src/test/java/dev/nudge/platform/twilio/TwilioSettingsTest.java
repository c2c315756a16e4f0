package dev.nudge.platform.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioSettingsTest {

    @Test
    void readsTheEnvironmentWithRealTwilioAsDefault() {
        TwilioSettings real = TwilioSettings.fromEnv(Map.of("TWILIO_ACCOUNT_SID", "ACx", "TWILIO_AUTH_TOKEN", "secret"));
        TwilioSettings local = TwilioSettings.fromEnv(Map.of("TWILIO_ACCOUNT_SID", "ACx", "TWILIO_AUTH_TOKEN", "secret",
                "NUDGE_TWILIO_BASE_URL", "http://127.0.0.1:8089"));

        assertThat(real.accountSid()).isEqualTo("ACx");
        assertThat(real.authToken()).isEqualTo("secret");
        assertThat(real.apiBaseUrl()).isEmpty();
        assertThat(real.readTimeout()).isEqualTo(TwilioSettings.DEFAULT_READ_TIMEOUT);
        assertThat(local.apiBaseUrl()).contains(URI.create("http://127.0.0.1:8089"));
    }

    @Test
    void missingCredentialsNameTheVariables() {
        assertThatThrownBy(() -> TwilioSettings.fromEnv(Map.of("TWILIO_ACCOUNT_SID", "ACx")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TWILIO_AUTH_TOKEN");
        assertThatThrownBy(() -> TwilioSettings.of("ACx", "t").withReadTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TwilioSettings.of("ACx", "t").withApiBaseUrl(URI.create("localhost:8089")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringNeverShowsTheToken() {
        assertThat(TwilioSettings.of("ACx", "very-secret").toString()).contains("ACx").doesNotContain("very-secret");
    }
}
