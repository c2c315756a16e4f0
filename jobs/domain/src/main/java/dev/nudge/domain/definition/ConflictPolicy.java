package dev.nudge.domain.definition;

/** What a step does when a higher-priority sequence takes the customer's sending slot. */
public enum ConflictPolicy {
    /** Try again at the next slot the policies allow. */
    RESCHEDULE,
    /** Skip this step and move on to the next one. */
    DROP
}
