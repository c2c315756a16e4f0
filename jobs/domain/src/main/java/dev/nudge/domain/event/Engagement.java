package dev.nudge.domain.event;

import java.time.Instant;

/**
 * What happened to one of our texts, or what the customer texted back.
 * messageId is the intent's idempotency key; it is null for inbound texts not tied to a message. eventId makes a
 * replayed engagement recognisable (null: not known); phone is the number it is about (null: the profile's).
 */
public record Engagement(Instant at, EngagementKind kind, String messageId, String sequenceId, Integer step,
                         ReplyIntent replyIntent, Integer errorCode, String eventId, String phone) {

    public Engagement(Instant at, EngagementKind kind, String messageId, String sequenceId, Integer step,
                      ReplyIntent replyIntent, Integer errorCode) {
        this(at, kind, messageId, sequenceId, step, replyIntent, errorCode, null, null);
    }
}
