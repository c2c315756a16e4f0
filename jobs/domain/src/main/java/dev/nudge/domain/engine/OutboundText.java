package dev.nudge.domain.engine;

import java.time.Instant;

/** A text the engine decided to send now. intentId is the deterministic idempotency key. */
public record OutboundText(String intentId, Instant createdAt, Instant notAfter, String toPhone, String body,
                           String locale, String timeZone, int quietStartMinute, int quietEndMinute,
                           String sequenceId, int sequenceVersion, int step, String triggerId, String variant,
                           String offerSku, Long offerPriceMinor, String currency, String linkTarget) {}
