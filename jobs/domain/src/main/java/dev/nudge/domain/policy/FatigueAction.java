package dev.nudge.domain.policy;

/** What fatigue asks of the sequence: carry on, space texts further apart, or stop texting. */
public enum FatigueAction { NONE, STRETCH, STOP }
