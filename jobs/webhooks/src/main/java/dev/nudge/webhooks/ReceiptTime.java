package dev.nudge.webhooks;

import dev.nudge.dispatcher.ledger.SendLedgerEntry;
import java.time.Instant;

/**
 * What time a delivery receipt (DELIVERED, UNDELIVERED, FAILED) is stamped with: its arrival (production) or the
 * decision time of the text it reports on (simulations and replays of history, whose texts were decided in event
 * time and are sent with the dispatcher's {@code SendTime.DECISION_TIME}). Replies and clicks are stamped with the
 * server's clock either way.
 */
public enum ReceiptTime {

    /** The server's clock when the callback arrives: the default. */
    ARRIVAL,
    /** The text's decision time from the send ledger ({@code decidedAt}); arrival when the entry lacks it. */
    DECISION_TIME;

    Instant stamp(SendLedgerEntry send, Instant arrival) {
        return this == DECISION_TIME && send.getDecidedAt() != null ? send.getDecidedAt() : arrival;
    }
}
