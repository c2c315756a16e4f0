package dev.nudge.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.events.SmsIntent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which time the send-time checks and the published engagements use, by {@link SendTime}. */
class SendTimeTest {

    /** Decided at 14:00 UTC on a simulated day, valid for an hour, quiet from 21:00 to 08:00 UTC. */
    private static final Instant DECIDED = Instant.parse("2025-03-04T14:00:00Z");
    private static final SmsIntent INTENT = Intents.intent("i-1", "c-1", "+12125550101")
            .setCreatedAt(DECIDED)
            .setNotAfter(DECIDED.plus(Duration.ofHours(1)))
            .setQuietStartMinute(21 * 60)
            .setQuietEndMinute(8 * 60)
            .build();

    @Test
    void wallClockJudgesTheSendNowSoAnOldDecisionHasExpired() {
        Instant now = Instant.parse("2025-05-01T12:00:00Z");

        assertThat(SendTime.WALL_CLOCK.judgedAt(DECIDED, now)).isEqualTo(now);
        assertThat(SendWindow.blockReason(INTENT, SendTime.WALL_CLOCK.judgedAt(DECIDED, now)))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("expired"));
    }

    @Test
    void wallClockChecksQuietHoursAtTheMomentOfSending() {
        Instant tenAtNight = Instant.parse("2025-03-04T22:00:00Z");
        SmsIntent validAllNight = SmsIntent.newBuilder(INTENT).setNotAfter(DECIDED.plus(Duration.ofDays(1))).build();

        assertThat(SendWindow.blockReason(validAllNight, SendTime.WALL_CLOCK.judgedAt(DECIDED, tenAtNight)))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("quiet hours"));
    }

    @Test
    void decisionTimeJudgesTheSendWhenTheEngineDecidedIt() {
        Instant now = Instant.parse("2025-05-01T23:30:00Z"); // months later, and inside quiet hours

        assertThat(SendTime.DECISION_TIME.judgedAt(DECIDED, now)).isEqualTo(DECIDED);
        assertThat(SendWindow.blockReason(INTENT, SendTime.DECISION_TIME.judgedAt(DECIDED, now))).isEmpty();
    }

    @Test
    void decisionTimeStillBlocksATextDecidedInsideQuietHours() {
        Instant decidedAtNight = Instant.parse("2025-03-04T23:00:00Z");
        SmsIntent atNight = SmsIntent.newBuilder(INTENT).setCreatedAt(decidedAtNight)
                .setNotAfter(decidedAtNight.plus(Duration.ofHours(1))).build();

        assertThat(SendWindow.blockReason(atNight, SendTime.DECISION_TIME.judgedAt(decidedAtNight, DECIDED)))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("quiet hours"));
    }

    @Test
    void aLedgerEntryWithoutADecisionTimeIsJudgedNow() {
        Instant now = Instant.parse("2025-05-01T12:00:00Z");

        assertThat(SendTime.DECISION_TIME.judgedAt(null, now)).isEqualTo(now);
    }

    @Test
    void wallClockIsTheDefaultAndTheEnvironmentCanChooseDecisionTime() {
        Map<String, String> env = Map.of("NUDGE_BOOTSTRAP_SERVERS", "localhost:9092",
                "TWILIO_ACCOUNT_SID", "AC123", "TWILIO_AUTH_TOKEN", "token");

        assertThat(DispatcherMain.settingsFrom(env).sendTime()).isEqualTo(SendTime.WALL_CLOCK);
        assertThat(DispatcherMain.settingsFrom(withSendTime(env, "DECISION_TIME")).sendTime())
                .isEqualTo(SendTime.DECISION_TIME);
    }

    private static Map<String, String> withSendTime(Map<String, String> env, String value) {
        Map<String, String> copy = new HashMap<>(env);
        copy.put("NUDGE_SEND_TIME", value);
        return copy;
    }
}
