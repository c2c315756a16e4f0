package dev.nudge.domain.event;

import java.time.Instant;

/** A browsing signal. sku, category and query are null when the action does not carry them. */
public record BrowseSignal(Instant at, BrowseKind kind, String sku, String category, String query) {}
