package dev.nudge.domain.definition;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ReentryTest {

    private static final Instant ENTERED = Instant.parse("2024-05-01T10:00:00Z");
    private static final Instant ENDED = Instant.parse("2024-05-04T10:00:00Z");

    @Test
    void firstEntryIsAlwaysAllowed() {
        assertThat(Reentry.never().allowsEntry(null, null, ENTERED)).isTrue();
    }

    @Test
    void noSecondRunWhileOneIsRunning() {
        assertThat(Reentry.afterCompletion().allowsEntry(ENTERED, null, ENDED)).isFalse();
        assertThat(Reentry.cooldown(Duration.ofDays(1)).allowsEntry(ENTERED, null, ENDED.plus(Duration.ofDays(30)))).isFalse();
    }

    @Test
    void eachPolicyAfterARunEnded() {
        assertThat(Reentry.never().allowsEntry(ENTERED, ENDED, ENDED.plus(Duration.ofDays(400)))).isFalse();
        assertThat(Reentry.afterCompletion().allowsEntry(ENTERED, ENDED, ENDED)).isTrue();
        Reentry cooldown = Reentry.cooldown(Duration.ofDays(7));
        assertThat(cooldown.allowsEntry(ENTERED, ENDED, ENDED.plus(Duration.ofDays(7)).minusSeconds(1))).isFalse();
        assertThat(cooldown.allowsEntry(ENTERED, ENDED, ENDED.plus(Duration.ofDays(7)))).isTrue();
    }
}
