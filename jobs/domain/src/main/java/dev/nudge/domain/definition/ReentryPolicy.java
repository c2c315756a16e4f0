package dev.nudge.domain.definition;

/** Whether a customer who already went through a sequence may enter it again. */
public enum ReentryPolicy {
    /** Once per customer, ever. */
    NEVER,
    /** Again as soon as the previous run ended (finished or exited). */
    AFTER_COMPLETION,
    /** Again once the cooldown has passed since the previous run ended. */
    COOLDOWN
}
