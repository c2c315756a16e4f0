package dev.nudge.domain.definition;

import java.util.Set;

/** Events that end a customer's run through a sequence before its last step. */
public enum ExitRule {
    /** Any purchase at all. */
    ANY_PURCHASE,
    /** A purchase that contains an item one of the steps offered. */
    OFFERED_ITEM_PURCHASE,
    /** The customer opted out (STOP). Always in force. */
    OPT_OUT,
    /** The customer texted back anything that is not a question. */
    REPLY,
    /** The customer asked a question; without this rule a question pauses the sequence instead. */
    QUESTION,
    /** Consent was revoked by any channel. Always in force. */
    CONSENT_LOST;

    /** Rules every definition has, whether it lists them or not. */
    public static final Set<ExitRule> ALWAYS = Set.of(OPT_OUT, CONSENT_LOST);
}
