package dev.nudge.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.dispatcher.ledger.SendLedgerEntry;
import dev.nudge.dispatcher.ledger.SendState;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What time a delivery receipt carries, by {@link ReceiptTime}. */
class ReceiptTimeTest {

    private static final Instant DECIDED = Instant.parse("2025-03-04T14:00:00Z");
    private static final Instant ARRIVED = Instant.parse("2025-05-01T09:30:00Z");

    @Test
    void arrivalIsTheDefaultAndStampsTheServersClock() {
        WebhookSettings settings = WebhookSettings.of("localhost:9092", "token", URI.create("http://127.0.0.1:8080"),
                8080, Map.of());

        assertThat(settings.receiptTime()).isEqualTo(ReceiptTime.ARRIVAL);
        assertThat(ReceiptTime.ARRIVAL.stamp(send(DECIDED), ARRIVED)).isEqualTo(ARRIVED);
    }

    @Test
    void decisionTimeStampsTheTextsDecisionTime() {
        assertThat(ReceiptTime.DECISION_TIME.stamp(send(DECIDED), ARRIVED)).isEqualTo(DECIDED);
    }

    @Test
    void aLedgerEntryWrittenBeforeDecisionTimesWereRecordedIsStampedAtArrival() {
        assertThat(ReceiptTime.DECISION_TIME.stamp(send(null), ARRIVED)).isEqualTo(ARRIVED);
    }

    private static SendLedgerEntry send(Instant decidedAt) {
        return SendLedgerEntry.newBuilder().setIntentId("i-1").setState(SendState.SENT).setAt(ARRIVED)
                .setAttemptedAt(ARRIVED).setBrandId("acme").setCustomerId("c-1").setToPhone("+12125550101")
                .setSender("+15005550006").setBodyHash("").setDecidedAt(decidedAt).build();
    }
}
