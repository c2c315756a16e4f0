package dev.nudge.domain.engine;

import dev.nudge.domain.definition.Assignment;
import dev.nudge.domain.definition.Reentry;
import dev.nudge.domain.definition.ReplenishmentDue;
import dev.nudge.domain.definition.SequenceDefinition;
import dev.nudge.domain.definition.Trigger;
import dev.nudge.domain.definition.TriggerMatcher;
import dev.nudge.domain.definition.TriggerType;
import dev.nudge.domain.event.BrowseSignal;
import dev.nudge.domain.event.CustomerChange;
import dev.nudge.domain.event.Purchase;
import dev.nudge.domain.event.PurchaseLine;

import java.time.Instant;
import java.util.List;

/** Starts sequences whose trigger matches, as far as consent, re-entry and the holdout allow. */
final class Entries {

    void onPurchase(Turn turn, Purchase purchase) {
        for (SequenceDefinition definition : live(turn)) {
            Trigger trigger = definition.trigger();
            if (trigger.type() == TriggerType.CHECKOUT && TriggerMatcher.matches(trigger, purchase)) {
                // The trigger items are the ones the filter admitted, not the rest of the basket.
                List<String> skus = purchase.lines().stream()
                        .filter(line -> line.quantity() > 0 && trigger.admitsItem(line.sku(), line.category()))
                        .map(PurchaseLine::sku).distinct().toList();
                enter(turn, definition, purchase.orderId(), purchase.at(), purchase.at(), skus, null);
            } else if (trigger.type() == TriggerType.REPLENISHMENT_DUE) {
                for (ReplenishmentDue due : TriggerMatcher.replenishmentsFor(trigger, purchase, turn.situation().catalog())) {
                    enter(turn, definition, purchase.orderId() + ":" + due.sku(), purchase.at(), due.remindAt(), List.of(due.sku()),
                            due.runOutAt());
                }
            }
        }
    }

    void onBrowse(Turn turn, BrowseSignal signal) {
        for (SequenceDefinition definition : live(turn)) {
            Trigger trigger = definition.trigger();
            if (trigger.type() != TriggerType.BROWSE_ABANDON || turn.state().owns(signal.sku())) {
                continue;
            }
            TriggerMatcher.abandonWatchFor(trigger, signal).ifPresent(watch -> enter(turn, definition,
                    watch.sku() + ":" + watch.startedAt().toEpochMilli(), watch.startedAt(), watch.firesAt(), List.of(watch.sku()), null));
        }
    }

    void onCustomerChange(Turn turn, CustomerChange change) {
        for (SequenceDefinition definition : live(turn)) {
            if (TriggerMatcher.matches(definition.trigger(), change)) {
                List<String> skus = change.planSku() == null ? List.of() : List.of(change.planSku());
                enter(turn, definition, change.kind() + ":" + change.at().toEpochMilli(), change.at(), change.at(), skus,
                        null);
            }
        }
    }

    private List<SequenceDefinition> live(Turn turn) {
        Situation situation = turn.situation();
        return situation.definitions().liveFor(situation.brandId(), situation.locationId());
    }

    private void enter(Turn turn, SequenceDefinition definition, String triggerId, Instant startedAt,
                       Instant triggeredAt, List<String> triggerSkus, Instant runOutAt) {
        CustomerState state = turn.state();
        String sequenceId = definition.id();
        String location = turn.situation().locationId();
        long run = Keys.hash(Keys.run(location, sequenceId, triggerId));
        String blocked = state.recentRuns.contains(run) ? "DUPLICATE_TRIGGER" : entryBlock(turn, definition);
        if (blocked != null) {
            turn.decide(DecisionOutcome.SKIPPED, blocked, null, sequenceId, definition.version(), 0, triggerId, null, null);
            return;
        }
        state.recentRuns.add(run, turn.nowMillis(), CustomerState.MAX_STARTED_RUNS);
        if (Assignment.heldOut(definition, turn.situation().customerId())) {
            state.lastExitMillis.put(sequenceId, turn.nowMillis());
            turn.decide(DecisionOutcome.HELD_OUT, "HOLDOUT", null, sequenceId, definition.version(), 0, triggerId, null, null);
            return;
        }
        ActiveSequence sequence = new ActiveSequence();
        sequence.sequenceId = sequenceId;
        sequence.version = definition.version();
        sequence.triggerId = triggerId;
        sequence.triggerLocationId = location;
        sequence.triggerMillis = triggeredAt.toEpochMilli();
        sequence.startedMillis = startedAt.toEpochMilli();
        sequence.triggerSkus.addAll(triggerSkus);
        sequence.runOutMillis = runOutAt == null ? 0 : runOutAt.toEpochMilli();
        sequence.dueMillis = definition.steps().get(0).delay().dueAt(triggeredAt, turn.zone(), runOutAt).toEpochMilli();
        state.active.add(sequence);
        turn.decide(DecisionOutcome.ENTERED, "TRIGGERED", definition.trigger().type().name(), sequence,
                Instant.ofEpochMilli(sequence.dueMillis), null);
    }

    /** Why the customer may not enter now, or null when they may. */
    private String entryBlock(Turn turn, SequenceDefinition definition) {
        CustomerState state = turn.state();
        if (state.activeSequence(definition.id()) != null) {
            return "ALREADY_ACTIVE";
        }
        if (state.contactBlock() != null) {
            return state.contactBlock();
        }
        Long lastExit = state.lastExitMillis.get(definition.id());
        Reentry reentry = definition.reentry();
        if (lastExit != null) {
            switch (reentry.policy()) {
                case NEVER -> {
                    return "REENTRY_NEVER";
                }
                case COOLDOWN -> {
                    if (turn.nowMillis() < lastExit + reentry.cooldown().toMillis()) {
                        return "REENTRY_COOLDOWN";
                    }
                }
                case AFTER_COMPLETION -> { }
            }
        }
        return null;
    }
}
