package dev.nudge.domain.engine;

import dev.nudge.domain.consent.ConsentFact;
import dev.nudge.domain.bandit.VariantChoice;
import dev.nudge.domain.definition.SequenceDefinition;
import dev.nudge.domain.policy.RecipientZone;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One call into the engine: the state being changed, what it may read, and what it has produced so far. */
final class Turn {

    private final CustomerState state;
    private final Situation situation;
    private final EngineSettings settings;
    private final CustomerInput input;
    private final Instant occasion;
    private final List<OutboundText> texts = new ArrayList<>();
    private final List<DecisionRecord> decisions = new ArrayList<>();
    private final List<ConsentFact> consent = new ArrayList<>();

    /** @param occasion the input's own time, or the timer's: what decision ids are made of instead of the clock */
    Turn(CustomerState state, Situation situation, EngineSettings settings, CustomerInput input, Instant occasion) {
        this.state = state;
        this.situation = situation;
        this.settings = settings;
        this.input = input;
        this.occasion = occasion;
    }

    CustomerState state() {
        return state;
    }

    Situation situation() {
        return situation;
    }

    Instant now() {
        return situation.now();
    }

    long nowMillis() {
        return situation.now().toEpochMilli();
    }

    boolean sentThisTurn() {
        return !texts.isEmpty();
    }

    ZoneId zone() {
        return RecipientZone.resolve(state.timeZone, state.phone, settings.zoneFor(situation.brandId())).zone();
    }

    /** The definition version this customer runs, or empty when that version is no longer known. */
    Optional<SequenceDefinition> definitionOf(ActiveSequence sequence) {
        return situation.definitions().version(situation.brandId(), sequence.sequenceId, sequence.version);
    }

    /**
     * The definition whose exit rules apply to a run right now: its own version, or the sequence's current one once
     * the registry no longer keeps that version (the run then leaves at its next due time, see {@link Versions}).
     */
    Optional<SequenceDefinition> rulesOf(ActiveSequence sequence) {
        return definitionOf(sequence).or(() -> situation.definitions().current(situation.brandId(), sequence.sequenceId));
    }

    /** Records the fact in the customer's ledger; reports it for the suppression list when it was news. */
    void learn(ConsentFact fact) {
        if (state.consent.record(fact)) {
            consent.add(fact);
        }
    }

    void send(OutboundText text) {
        texts.add(text);
    }

    void decide(DecisionOutcome outcome, String reason, String detail, ActiveSequence sequence, Instant deferredUntil,
                String intentId) {
        String sequenceId = sequence == null ? null : sequence.sequenceId;
        Integer version = sequence == null ? null : sequence.version;
        Integer step = sequence == null ? null : sequence.nextStep;
        String triggerId = sequence == null ? null : sequence.triggerId;
        decide(outcome, reason, detail, sequenceId, version, step, triggerId, deferredUntil, intentId);
    }

    void decide(DecisionOutcome outcome, String reason, String detail, String sequenceId, Integer version, Integer step,
                String triggerId, Instant deferredUntil, String intentId) {
        decide(outcome, reason, detail, sequenceId, version, step, triggerId, deferredUntil, intentId, null);
    }

    /** The decision to send a text, with the variant choice behind it. */
    void sent(String reason, String detail, ActiveSequence sequence, String intentId, VariantChoice choice) {
        decide(DecisionOutcome.SENT, reason, detail, sequence.sequenceId, sequence.version, sequence.nextStep,
                sequence.triggerId, null, intentId, choice);
    }

    private void decide(DecisionOutcome outcome, String reason, String detail, String sequenceId, Integer version,
                        Integer step, String triggerId, Instant deferredUntil, String intentId, VariantChoice choice) {
        String id = Keys.decisionId(situation.brandId(), situation.locationId(), situation.customerId(),
                input.getClass().getSimpleName(), occasion.toEpochMilli(), decisions.size(), outcome.name(), reason,
                sequenceId, version, step, triggerId);
        decisions.add(new DecisionRecord(id, now(), outcome, reason, detail, sequenceId, version, step, triggerId,
                intentId, deferredUntil, choice));
    }

    /** Leaves a sequence for good: the customer may re-enter only as its re-entry policy allows. */
    void exit(ActiveSequence sequence, DecisionOutcome outcome, String reason) {
        state.active.remove(sequence);
        state.lastExitMillis.put(sequence.sequenceId, nowMillis());
        decide(outcome, reason, null, sequence, null, null);
    }

    /**
     * Withdraws a run whose trigger did not hold after all (the customer bought the item they seemed to abandon):
     * since they never really went through it, the re-entry policy does not hold them back.
     */
    void cancel(ActiveSequence sequence, String reason) {
        state.active.remove(sequence);
        decide(DecisionOutcome.EXITED, reason, null, sequence, null, null);
    }

    Outcome finish(Instant nextWakeUp, boolean clearState) {
        return new Outcome(texts, decisions, nextWakeUp, clearState, consent);
    }
}
