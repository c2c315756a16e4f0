package dev.nudge.domain.definition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrackedLinksTest {

    @Test
    void aTokenIsShortUrlSafeAndTheSameForTheSameText() {
        String token = TrackedLinks.token("demo:c-1:coffee-followup@1:0:order-1");

        assertThat(token).hasSize(TrackedLinks.TOKEN_LENGTH).matches("[A-Za-z0-9_-]+")
                .isEqualTo(TrackedLinks.token("demo:c-1:coffee-followup@1:0:order-1"))
                .isNotEqualTo(TrackedLinks.token("demo:c-1:coffee-followup@1:1:order-1"));
    }

    @Test
    void aLinkIsTheTokenUnderTheBaseWithOrWithoutItsSlash() {
        String token = TrackedLinks.token("i-1");

        assertThat(TrackedLinks.link("https://ndg.to", "i-1")).isEqualTo("https://ndg.to/" + token);
        assertThat(TrackedLinks.link("https://hooks.example.com/l/", "i-1")).isEqualTo("https://hooks.example.com/l/" + token);
    }
}
