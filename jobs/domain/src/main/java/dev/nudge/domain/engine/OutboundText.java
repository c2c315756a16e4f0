package dev.nudge.domain.engine;

import dev.nudge.domain.policy.ZoneWindow;

import java.time.Instant;
import java.util.List;

/**
 * A text the engine decided to send now. intentId is the deterministic idempotency key. {@code timeZone} and the
 * quiet minutes are the recipient's main zone and its window; {@code sendWindows} holds every place the recipient
 * may be in, which the dispatcher checks again at send time.
 */
public record OutboundText(String intentId, Instant createdAt, Instant notAfter, String toPhone, String body,
                           String locale, String timeZone, int quietStartMinute, int quietEndMinute,
                           List<ZoneWindow> sendWindows,
                           String sequenceId, int sequenceVersion, int step, String triggerId, String variant,
                           String offerSku, Long offerPriceMinor, String currency, String linkTarget) {}
