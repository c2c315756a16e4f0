package dev.nudge.domain.engine;

import java.time.Instant;
import java.util.List;

/**
 * What one call to the engine produced. nextWakeUp is when the engine wants to be called again (null: never);
 * clearState means the customer has nothing pending and no history left, so no state should remain.
 */
public record Outcome(List<OutboundText> texts, List<DecisionRecord> decisions, Instant nextWakeUp, boolean clearState) {

    public Outcome {
        texts = List.copyOf(texts);
        decisions = List.copyOf(decisions);
    }
}
