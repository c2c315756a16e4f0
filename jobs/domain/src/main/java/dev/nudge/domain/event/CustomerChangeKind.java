package dev.nudge.domain.event;

public enum CustomerChangeKind { SIGN_UP, PROFILE_CHANGED, CONSENT_GRANTED, CONSENT_REVOKED, RENEWAL, USAGE_MILESTONE,
    /** Privacy law: everything kept about the customer goes. */
    CUSTOMER_ERASED }
