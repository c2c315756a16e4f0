package dev.nudge.domain.event;

import java.time.Instant;

/**
 * What happened to one of our texts, or what the customer texted back.
 * messageId is the intent's idempotency key; it is null for inbound texts not tied to a message.
 */
public record Engagement(Instant at, EngagementKind kind, String messageId, String sequenceId, Integer step,
                         ReplyIntent replyIntent, Integer errorCode) {}
