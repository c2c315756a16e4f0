package dev.nudge.domain.engine;

import dev.nudge.domain.consent.ConsentFact;

import java.time.Instant;
import java.util.List;

/**
 * What one call to the engine produced. nextWakeUp is when the engine wants to be called again (null: never);
 * clearState means the customer was erased, so no state may remain. consent holds the consent facts this call
 * learnt (newer than what the customer's ledger knew), for the suppression list.
 */
public record Outcome(List<OutboundText> texts, List<DecisionRecord> decisions, Instant nextWakeUp, boolean clearState,
                      List<ConsentFact> consent) {

    public Outcome {
        texts = List.copyOf(texts);
        decisions = List.copyOf(decisions);
        consent = List.copyOf(consent);
    }
}
