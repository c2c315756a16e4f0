package dev.nudge.domain.definition;

/** What the engine does with customers in flight on older versions after a {@link VersionChange}. */
public enum Transition {
    /** Nothing to do: a draft, or a definition the registry already held (e.g. a replayed record). */
    NONE,
    /** The first published version: nobody is in flight. */
    FIRST_VERSION,
    /** They finish on the version they entered (look it up with DefinitionRegistry.version). */
    FINISH_ON_OLD,
    /** They continue on the new version from the same step index, or finish if it has fewer steps. */
    MOVE_TO_NEW,
    /** They leave without further texts (the new version says EXIT, or the sequence was retired). */
    EXIT,
    /** The sequence is paused: they stay where they are and get no texts until a LIVE version arrives. */
    HOLD;

    static Transition of(VersionPolicy policy) {
        return switch (policy) {
            case FINISH_ON_OLD -> FINISH_ON_OLD;
            case MOVE_TO_NEW -> MOVE_TO_NEW;
            case EXIT -> EXIT;
        };
    }
}
