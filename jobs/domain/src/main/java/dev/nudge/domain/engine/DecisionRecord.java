package dev.nudge.domain.engine;

import dev.nudge.domain.bandit.VariantChoice;

import java.time.Instant;

/**
 * One decision with its reason code and the rule version applied. Fields that do not apply are null.
 * decisionId is deterministic so a replay produces the same ids and duplicates can be removed downstream.
 * A SENT decision carries its variant choice (with the posteriors it was drawn from, under Thompson allocation).
 */
public record DecisionRecord(String decisionId, Instant decidedAt, DecisionOutcome outcome, String reason,
                             String detail, String sequenceId, Integer sequenceVersion, Integer step,
                             String triggerId, String intentId, Instant deferredUntil, VariantChoice variantChoice) {

    public DecisionRecord(String decisionId, Instant decidedAt, DecisionOutcome outcome, String reason,
                          String detail, String sequenceId, Integer sequenceVersion, Integer step,
                          String triggerId, String intentId, Instant deferredUntil) {
        this(decisionId, decidedAt, outcome, reason, detail, sequenceId, sequenceVersion, step, triggerId, intentId,
                deferredUntil, null);
    }

    public String ruleVersion() {
        return sequenceId == null ? "none" : sequenceId + "@" + sequenceVersion;
    }
}
