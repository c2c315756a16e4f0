package dev.nudge.domain.consent;

import java.time.Instant;

/** One consent event about one phone, at the time it happened (not when it arrived). */
public record ConsentFact(String phone, ConsentKind kind, Instant at, String source, String evidence) {}
