package dev.nudge.domain.engine;

import dev.nudge.domain.catalog.CatalogItem;
import dev.nudge.domain.definition.AbandonWatch;
import dev.nudge.domain.definition.ExitRule;
import dev.nudge.domain.definition.SequenceDefinition;
import dev.nudge.domain.definition.TriggerMatcher;
import dev.nudge.domain.definition.TriggerType;
import dev.nudge.domain.event.BrowseSignal;
import dev.nudge.domain.event.Purchase;
import dev.nudge.domain.event.ReplyIntent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Exits that take effect at once, not at the end of the current delay. */
final class Exits {

    /** Twilio: the recipient replied STOP to this sender at the carrier. */
    static final int TWILIO_UNSUBSCRIBED = 21610;
    /** Twilio: the number is not a valid phone number. */
    static final int TWILIO_INVALID_NUMBER = 21211;

    private Exits() {}

    static void all(Turn turn, String reason) {
        for (ActiveSequence sequence : List.copyOf(turn.state().active)) {
            turn.exit(sequence, DecisionOutcome.EXITED, reason);
        }
    }

    static void onPurchase(Turn turn, Purchase purchase) {
        for (ActiveSequence sequence : List.copyOf(turn.state().active)) {
            Optional<SequenceDefinition> definition = turn.rulesOf(sequence);
            if (purchase.at().toEpochMilli() < sequence.startedMillis) {
                // Arrived late but happened before the run began: the run was started knowing less, not wrongly.
                continue;
            }
            if (openWatch(turn, sequence, definition, purchase.at())
                    .filter(watch -> TriggerMatcher.cancels(watch, purchase)).isPresent()) {
                turn.cancel(sequence, "NOT_ABANDONED");
                continue;
            }
            Set<ExitRule> rules = definition.map(SequenceDefinition::exits).orElse(Set.of(ExitRule.ANY_PURCHASE));
            boolean boughtOffer = sequence.offeredSkus.stream().anyMatch(purchase::contains);
            boolean boughtAbandoned = definition.filter(d -> d.trigger().type() == TriggerType.BROWSE_ABANDON).isPresent()
                    && sequence.triggerSkus.stream().anyMatch(purchase::contains);
            if (rules.contains(ExitRule.ANY_PURCHASE)) {
                turn.exit(sequence, DecisionOutcome.EXITED, boughtOffer ? "PURCHASED_OFFER" : "PURCHASED");
            } else if (boughtOffer && rules.contains(ExitRule.OFFERED_ITEM_PURCHASE)) {
                turn.exit(sequence, DecisionOutcome.EXITED, "PURCHASED_OFFER");
            } else if (boughtAbandoned) {
                turn.exit(sequence, DecisionOutcome.EXITED, "PURCHASED");
            }
        }
    }

    /** Taking a watched item out of the cart before the abandon window closed withdraws the run. */
    static void onBrowse(Turn turn, BrowseSignal signal) {
        for (ActiveSequence sequence : List.copyOf(turn.state().active)) {
            openWatch(turn, sequence, turn.rulesOf(sequence), signal.at())
                    .filter(watch -> TriggerMatcher.cancels(watch, signal))
                    .ifPresent(watch -> turn.cancel(sequence, "REMOVED_FROM_CART"));
        }
    }

    /**
     * The abandon watch a BROWSE_ABANDON run stands for, if its window was still open at {@code at}: the run starts
     * at the view, but the customer has only abandoned the item once the window closes (its trigger time).
     */
    private static Optional<AbandonWatch> openWatch(Turn turn, ActiveSequence sequence,
                                                    Optional<SequenceDefinition> definition, Instant at) {
        Instant closes = Instant.ofEpochMilli(sequence.triggerMillis);
        if (definition.isEmpty() || definition.get().trigger().type() != TriggerType.BROWSE_ABANDON
                || sequence.triggerSkus.isEmpty() || !at.isBefore(closes)) {
            return Optional.empty();
        }
        String sku = sequence.triggerSkus.get(0);
        String category = turn.situation().catalog().item(sku).map(CatalogItem::category).orElse(null);
        return Optional.of(new AbandonWatch(sku, category, closes.minus(definition.get().trigger().abandonWindow()), closes));
    }

    /** A negative reply ends a sequence; a question pauses it (or ends it, if the definition says so). */
    static void onReply(Turn turn, ReplyIntent intent) {
        for (ActiveSequence sequence : List.copyOf(turn.state().active)) {
            Optional<SequenceDefinition> definition = turn.rulesOf(sequence);
            Set<ExitRule> rules = definition.map(SequenceDefinition::exits).orElse(Set.of());
            if (intent == ReplyIntent.NEGATIVE) {
                turn.exit(sequence, DecisionOutcome.EXITED, "REPLIED_NEGATIVE");
            } else if (intent == ReplyIntent.QUESTION) {
                if (rules.contains(ExitRule.QUESTION)) {
                    turn.exit(sequence, DecisionOutcome.EXITED, "QUESTION");
                } else {
                    Duration timeout = definition.map(SequenceDefinition::questionPauseTimeout).orElse(Duration.ofHours(48));
                    sequence.pausedUntilMillis = turn.nowMillis() + timeout.toMillis();
                    turn.decide(DecisionOutcome.PAUSED, "QUESTION", null, sequence,
                            Instant.ofEpochMilli(sequence.pausedUntilMillis), null);
                }
            } else if (rules.contains(ExitRule.REPLY)) {
                turn.exit(sequence, DecisionOutcome.EXITED, "REPLIED");
            } else if (sequence.paused()) {
                resume(turn, sequence, "ANSWERED");
            }
        }
    }

    static void resume(Turn turn, ActiveSequence sequence, String reason) {
        sequence.pausedUntilMillis = 0;
        sequence.dueMillis = Math.max(sequence.dueMillis, turn.nowMillis());
        turn.decide(DecisionOutcome.RESUMED, reason, null, sequence, null, null);
    }

    static void onDeliveryError(Turn turn, Integer errorCode) {
        if (errorCode != null && errorCode == TWILIO_INVALID_NUMBER) {
            turn.state().phoneInvalid = true;
            all(turn, "INVALID_NUMBER");
        }
    }
}
