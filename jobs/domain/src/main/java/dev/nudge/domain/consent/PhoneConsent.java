package dev.nudge.domain.consent;

/**
 * The consent ledger of one phone, as the newest entry of each kind by event time. A Flink POJO.
 *
 * <p>The rules: consent exists when the newest grant is newer than the newest revocation. A STOP beats every
 * consent granted before it: the phone is opted out while its newest opt-out is at least as new as both its newest
 * opt-in and its newest grant (a tie goes to the opt-out). An opt-in lifts the opt-out but creates no consent: the
 * consent is whatever the grants and revocations say, as before the STOP.
 */
public class PhoneConsent {
    public String phone;
    public ConsentMark granted;
    public ConsentMark revoked;
    public ConsentMark optedOut;
    public ConsentMark optedIn;

    public PhoneConsent() {}

    PhoneConsent(String phone) {
        this.phone = phone;
    }

    /** Takes the fact in; returns whether it is newer than what was known of its kind (else nothing changed). */
    boolean record(ConsentFact fact) {
        ConsentMark current = mark(fact.kind());
        long at = fact.at().toEpochMilli();
        if (current != null && current.atMillis >= at) {
            return false;
        }
        ConsentMark newer = new ConsentMark(at, fact.source(), fact.evidence());
        switch (fact.kind()) {
            case GRANTED -> granted = newer;
            case REVOKED -> revoked = newer;
            case OPTED_OUT -> optedOut = newer;
            case OPTED_IN -> optedIn = newer;
        }
        return true;
    }

    ConsentMark mark(ConsentKind kind) {
        return switch (kind) {
            case GRANTED -> granted;
            case REVOKED -> revoked;
            case OPTED_OUT -> optedOut;
            case OPTED_IN -> optedIn;
        };
    }

    boolean consented() {
        return granted != null && (revoked == null || granted.atMillis > revoked.atMillis);
    }

    boolean isOptedOut() {
        return optedOut != null && !newer(optedIn, optedOut) && !newer(granted, optedOut);
    }

    /** Withdrawn consent that no grant came after: what the dispatcher must honour besides opt-outs. */
    boolean isRevoked() {
        return revoked != null && !newer(granted, revoked);
    }

    private static boolean newer(ConsentMark mark, ConsentMark than) {
        return mark != null && mark.atMillis > than.atMillis;
    }
}
