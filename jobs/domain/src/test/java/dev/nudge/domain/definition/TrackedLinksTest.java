package dev.nudge.domain.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class TrackedLinksTest {

    private static final String SECRET = "a-test-secret-of-some-length";
    private static final TrackedLinks LINKS = new TrackedLinks(SECRET);

    @Test
    void aTokenIsShortUrlSafeAndTheSameForTheSameText() {
        String token = LINKS.token("demo:c-1:coffee-followup@1:0:order-1");

        assertThat(token).hasSize(TrackedLinks.TOKEN_LENGTH).matches("[A-Za-z0-9_-]+")
                .isEqualTo(LINKS.token("demo:c-1:coffee-followup@1:0:order-1"))
                .isNotEqualTo(LINKS.token("demo:c-1:coffee-followup@1:1:order-1"));
    }

    @Test
    void aLinkIsTheTokenUnderTheBaseWithOrWithoutItsSlash() {
        String token = LINKS.token("i-1");

        assertThat(LINKS.link("https://ndg.to", "i-1")).isEqualTo("https://ndg.to/" + token);
        assertThat(LINKS.link("https://hooks.example.com/l/", "i-1")).isEqualTo("https://hooks.example.com/l/" + token);
    }

    /** The token is HMAC-SHA256 under the secret (computed here with the JDK alone), not a hash anyone can compute. */
    @Test
    void theTokenIsKeyedSoNobodyWithoutTheSecretCanMakeOne() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal("i-1".getBytes(StandardCharsets.UTF_8))).substring(0, 11);
        String unkeyed = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest("i-1".getBytes(StandardCharsets.UTF_8))).substring(0, 11);

        assertThat(LINKS.token("i-1")).isEqualTo(expected).isNotEqualTo(unkeyed)
                .isNotEqualTo(new TrackedLinks("another-secret-of-some-length").token("i-1"));
        assertThat(LINKS).hasToString("TrackedLinks[secret=***]");
        assertThatThrownBy(() -> new TrackedLinks("short")).isInstanceOf(IllegalArgumentException.class);
    }
}
