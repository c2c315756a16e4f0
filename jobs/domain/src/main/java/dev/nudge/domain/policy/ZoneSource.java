package dev.nudge.domain.policy;

/** Where a recipient's time zone came from, best first. */
public enum ZoneSource { PROFILE, PHONE, TENANT_DEFAULT }
