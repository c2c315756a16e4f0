package dev.nudge.domain.consent;

/** What a consent ledger entry says about a phone. */
public enum ConsentKind {
    /** Marketing consent given (a form, a CRM import, a support agent): only this creates consent. */
    GRANTED,
    /** Marketing consent withdrawn. */
    REVOKED,
    /** STOP and its kin, on any channel (a keyword, the carrier's 21610, a plain-language revocation). */
    OPTED_OUT,
    /** START/UNSTOP/YES from the phone: lifts an earlier opt-out, restores the consent there was before it, no more. */
    OPTED_IN
}
