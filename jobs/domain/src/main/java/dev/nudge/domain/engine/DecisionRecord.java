package dev.nudge.domain.engine;

import java.time.Instant;

/**
 * One decision with its reason code and the rule version applied. Fields that do not apply are null.
 * decisionId is deterministic so a replay produces the same ids and duplicates can be removed downstream.
 */
public record DecisionRecord(String decisionId, Instant decidedAt, DecisionOutcome outcome, String reason,
                             String detail, String sequenceId, Integer sequenceVersion, Integer step,
                             String triggerId, String intentId, Instant deferredUntil) {

    public String ruleVersion() {
        return sequenceId == null ? "none" : sequenceId + "@" + sequenceVersion;
    }
}
