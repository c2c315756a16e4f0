package dev.nudge.domain.event;

import java.time.Instant;

/**
 * A profile, consent or lifecycle change. Null fields mean "unchanged". A consent change applies to phoneE164 when
 * it names one, else to the current phone.
 */
public record CustomerChange(Instant at, CustomerChangeKind kind, String phoneE164, String timeZone, String locale,
                             String tier, String firstName, String consentSource, String milestone, String planSku,
                             String consentEvidence) {

    public CustomerChange(Instant at, CustomerChangeKind kind, String phoneE164, String timeZone, String locale,
                          String tier, String firstName, String consentSource, String milestone, String planSku) {
        this(at, kind, phoneE164, timeZone, locale, tier, firstName, consentSource, milestone, planSku, null);
    }
}
