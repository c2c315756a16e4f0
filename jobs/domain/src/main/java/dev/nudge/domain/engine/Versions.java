package dev.nudge.domain.engine;

import dev.nudge.domain.definition.SequenceDefinition;
import dev.nudge.domain.definition.DefinitionStatus;

import java.util.Optional;

/** What a customer's sequence runs on once a new version of its definition is live. */
final class Versions {

    private Versions() {}

    /** The definition this sequence should run now, or empty after exiting the customer from it. */
    static Optional<SequenceDefinition> resolve(Turn turn, ActiveSequence sequence) {
        Situation situation = turn.situation();
        Optional<SequenceDefinition> latest = situation.definitions().current(situation.brandId(), sequence.sequenceId);
        if (latest.isEmpty() || latest.get().status() == DefinitionStatus.RETIRED) {
            turn.exit(sequence, DecisionOutcome.EXITED, "SEQUENCE_RETIRED");
            return Optional.empty();
        }
        SequenceDefinition newest = latest.get();
        if (newest.version() <= sequence.version || newest.status() == DefinitionStatus.PAUSED) {
            // A paused newest version holds everyone where they are; StepRunner defers them.
            return newest.status() == DefinitionStatus.PAUSED ? latest : turn.definitionOf(sequence);
        }
        switch (newest.onNewVersion()) {
            case FINISH_ON_OLD -> {
                Optional<SequenceDefinition> old = turn.definitionOf(sequence);
                if (old.isEmpty()) {
                    turn.exit(sequence, DecisionOutcome.EXITED, "VERSION_GONE");
                }
                return old;
            }
            case MOVE_TO_NEW -> {
                sequence.version = newest.version();
                if (sequence.nextStep >= newest.steps().size()) {
                    turn.exit(sequence, DecisionOutcome.COMPLETED, "LAST_STEP");
                    return Optional.empty();
                }
                return Optional.of(newest);
            }
            case EXIT -> {
                turn.exit(sequence, DecisionOutcome.EXITED, "DEFINITION_UPDATED");
                return Optional.empty();
            }
        }
        throw new IllegalStateException("unknown transition " + newest.onNewVersion());
    }
}
