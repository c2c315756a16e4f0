package dev.nudge.domain.event;

public enum CustomerChangeKind { SIGN_UP, PROFILE_CHANGED, CONSENT_GRANTED, CONSENT_REVOKED, RENEWAL, USAGE_MILESTONE }
