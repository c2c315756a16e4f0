package dev.nudge.domain.event;

import java.time.Instant;

/** A profile, consent or lifecycle change. Null fields mean "unchanged". */
public record CustomerChange(Instant at, CustomerChangeKind kind, String phoneE164, String timeZone, String locale,
                             String tier, String firstName, String consentSource, String milestone, String planSku) {}
