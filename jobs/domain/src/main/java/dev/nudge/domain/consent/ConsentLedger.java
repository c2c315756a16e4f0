package dev.nudge.domain.consent;

import java.util.ArrayList;
import java.util.List;

/**
 * Consent per phone number, in event time: for each phone the newest grant, revocation, opt-out and opt-in
 * ({@link PhoneConsent} says how they combine). The order in which the entries arrive does not matter, and a
 * replayed entry changes nothing. A new number starts with no consent. The engine keeps one per customer, the
 * dispatcher one per brand. A Flink POJO.
 */
public class ConsentLedger {

    /** The most phones kept; beyond it the oldest phone that blocks nothing is dropped, never an opt-out. */
    public static final int MAX_PHONES = 8;

    public List<PhoneConsent> phones = new ArrayList<>();

    public ConsentLedger() {}

    /** Takes the fact in; returns whether it changed what is known (false for a replay or an older entry). */
    public boolean record(ConsentFact fact) {
        PhoneConsent consent = find(fact.phone());
        if (consent == null) {
            consent = new PhoneConsent(fact.phone());
            phones.add(consent);
            bound();
        }
        return consent.record(fact);
    }

    /** Whether {@code phone} may be texted: consent was given and not withdrawn, and no opt-out stands. */
    public boolean textable(String phone) {
        PhoneConsent consent = find(phone);
        return consent != null && consent.consented() && !consent.isOptedOut();
    }

    public boolean optedOut(String phone) {
        PhoneConsent consent = find(phone);
        return consent != null && consent.isOptedOut();
    }

    /**
     * Whether something on record forbids texting {@code phone}: an opt-out, or consent withdrawn and not given
     * again. Unlike {@link #textable} a phone never heard of is not blocked: the send-time check of a party that
     * only sees blocks and their lifting (the dispatcher).
     */
    public boolean blocked(String phone) {
        PhoneConsent consent = find(phone);
        return consent != null && (consent.isOptedOut() || consent.isRevoked());
    }

    /** Every phone on record. */
    public List<String> knownPhones() {
        return phones.stream().map(consent -> consent.phone).toList();
    }

    public boolean isEmpty() {
        return phones.isEmpty();
    }

    private PhoneConsent find(String phone) {
        for (PhoneConsent consent : phones) {
            if (consent.phone.equals(phone)) {
                return consent;
            }
        }
        return null;
    }

    private void bound() {
        for (int i = 0; phones.size() > MAX_PHONES && i < phones.size() - 1; ) {
            PhoneConsent oldest = phones.get(i);
            if (oldest.isOptedOut() || oldest.isRevoked()) {
                i++;
            } else {
                phones.remove(i);
            }
        }
    }
}
