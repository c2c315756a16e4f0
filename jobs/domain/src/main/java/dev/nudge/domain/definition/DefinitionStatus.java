package dev.nudge.domain.definition;

/** Lifecycle of one published version. Only LIVE versions admit new customers. */
public enum DefinitionStatus {
    /** Stored for review; never changes what customers receive. */
    DRAFT,
    /** Customers enter and receive texts. */
    LIVE,
    /** No new entries and no sends; customers in flight wait for the next LIVE version. */
    PAUSED,
    /** Ended: customers in flight exit. */
    RETIRED
}
