package dev.nudge.domain.definition;

/** What happens to customers in flight on an older version when this version goes live. */
public enum VersionPolicy {
    /** They finish the steps of the version they entered. */
    FINISH_ON_OLD,
    /** They continue with this version's steps from the same step index. */
    MOVE_TO_NEW,
    /** They leave the sequence without further texts. */
    EXIT
}
