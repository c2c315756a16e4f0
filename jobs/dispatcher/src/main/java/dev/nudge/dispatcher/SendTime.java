package dev.nudge.dispatcher;

import java.time.Instant;

/**
 * What time a send is judged at: the moment the dispatcher sends (production) or the moment the engine decided the
 * text (simulations and replays of history, which play weeks of event time in minutes of wall clock).
 *
 * <p>It decides the time of the send-time checks ({@link SendWindow}: expiry, quiet hours) and of the engagement
 * events the dispatcher publishes (SENT, FAILED, IN_DOUBT, OPTED_OUT). It does not touch the send ledger's own
 * times, which stay wall-clock because reconciliation compares them with Twilio's dateSent, nor opt-outs, which
 * apply from the moment the dispatcher learns of them.
 */
public enum SendTime {

    /** Judged at the wall clock: the default, and the only sensible choice for live traffic. */
    WALL_CLOCK,
    /** Judged at the intent's {@code createdAt}, the event time the engine decided it at. */
    DECISION_TIME;

    /**
     * The time to judge a send at: {@code now}, or the decision time when this is {@link #DECISION_TIME} and the
     * decision time is known (ledger entries written before it was recorded do not have it).
     */
    Instant judgedAt(Instant decidedAt, Instant now) {
        return this == DECISION_TIME && decidedAt != null ? decidedAt : now;
    }
}
