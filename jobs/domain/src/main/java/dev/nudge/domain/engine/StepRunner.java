package dev.nudge.domain.engine;

import dev.nudge.domain.bandit.VariantChoice;
import dev.nudge.domain.bandit.VariantChooser;
import dev.nudge.domain.definition.ConflictPolicy;
import dev.nudge.domain.definition.SequenceDefinition;
import dev.nudge.domain.definition.DefinitionStatus;
import dev.nudge.domain.definition.RenderOutcome;
import dev.nudge.domain.definition.TemplateValues;
import dev.nudge.domain.definition.Step;
import dev.nudge.domain.definition.TemplateRenderer;
import dev.nudge.domain.offer.Offer;
import dev.nudge.domain.offer.OfferChooser;
import dev.nudge.domain.policy.FatigueAction;
import dev.nudge.domain.policy.FatigueVerdict;
import dev.nudge.domain.policy.AllowedHours;
import dev.nudge.domain.policy.RecipientWindow;
import dev.nudge.domain.policy.SlotPlan;
import dev.nudge.domain.policy.SlotPlanner;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Fires the steps that are due, each through the same gates in the same order: definition version, consent,
 * quiet hours and caps (which defer, never drop), fatigue, then the offer from the catalog as it is now.
 */
final class StepRunner {

    /** How long a paused sequence waits before its next check. */
    private static final Duration PAUSED_DEFINITION_RECHECK = Duration.ofHours(1);

    private static final OfferChooser OFFERS = new OfferChooser();

    private final EngineSettings settings;

    StepRunner(EngineSettings settings) {
        this.settings = settings;
    }

    void runDue(Turn turn) {
        List<Candidate> due = new ArrayList<>();
        for (ActiveSequence sequence : List.copyOf(turn.state().active)) {
            if (sequence.paused() && sequence.pausedUntilMillis <= turn.nowMillis()) {
                // The question went unanswered; the step keeps its own due time.
                Exits.resume(turn, sequence, "QUESTION_TIMEOUT");
            }
            if (sequence.attentionMillis() > turn.nowMillis()) {
                continue;
            }
            Optional<SequenceDefinition> definition = Versions.resolve(turn, sequence);
            definition.ifPresent(d -> due.add(new Candidate(sequence, d)));
        }
        // When several sequences want the same slot, the higher priority goes first and takes it.
        due.sort(Comparator.comparingInt((Candidate c) -> -c.definition().priority())
                .thenComparing(c -> c.sequence().sequenceId));
        for (Candidate candidate : due) {
            fire(turn, candidate.sequence(), candidate.definition());
        }
    }

    private void fire(Turn turn, ActiveSequence sequence, SequenceDefinition definition) {
        CustomerState state = turn.state();
        if (definition.status() == DefinitionStatus.PAUSED) {
            Instant recheck = turn.now().plus(PAUSED_DEFINITION_RECHECK);
            if (sequence.heldSinceMillis == 0) {
                sequence.heldSinceMillis = turn.nowMillis();
                defer(turn, sequence, recheck, "SEQUENCE_PAUSED");
            } else if (turn.nowMillis() - sequence.heldSinceMillis >= settings.retention().toMillis()) {
                // Held as long as a quiet customer is remembered: the run ends rather than keep the customer for ever.
                turn.exit(sequence, DecisionOutcome.EXITED, "SEQUENCE_PAUSED");
            } else {
                // Said once already: an hourly decision per waiting customer would only bury the real ones.
                sequence.dueMillis = recheck.toEpochMilli();
            }
            return;
        }
        sequence.heldSinceMillis = 0;
        if (state.contactBlock() != null) {
            turn.exit(sequence, DecisionOutcome.EXITED, state.contactBlock());
            return;
        }
        ZoneId zone = turn.zone();
        RecipientWindow window = windowFor(turn);
        Optional<SlotPlan> planned = new SlotPlanner(settings.capsFor(turn.situation().brandId()))
                .plan(turn.now(), window, definition.subject(), state.sends);
        if (planned.isEmpty()) {
            skipStep(turn, sequence, definition, zone, "NO_SENDING_TIME");
            return;
        }
        SlotPlan slot = planned.get();
        if (slot.sendAt().isAfter(turn.now())) {
            if (turn.sentThisTurn() && definition.conflictPolicy() == ConflictPolicy.DROP) {
                skipStep(turn, sequence, definition, zone, "PREEMPTED");
            } else {
                defer(turn, sequence, slot.sendAt(), slot.deferredBy().get(0).name());
            }
            return;
        }
        FatigueVerdict fatigue = settings.fatigue().verdict(state.engagement, turn.now());
        if (fatigue.action() == FatigueAction.STOP) {
            turn.exit(sequence, DecisionOutcome.EXITED, "FATIGUE");
            return;
        }
        Step step = definition.steps().get(sequence.nextStep);
        Optional<Offer> offer = chooseOffer(turn, sequence, step);
        if (offer.isEmpty() && step.offer().offersItem()) {
            skipStep(turn, sequence, definition, zone, "NO_SELLABLE_OFFER");
            return;
        }
        Situation situation = turn.situation();
        String intentId = Keys.intentId(situation.brandId(), sequence.triggerLocationId, situation.customerId(),
                definition.id(), definition.version(), sequence.nextStep, sequence.triggerId);
        // Chosen at send time, from the posteriors as they are now.
        VariantChoice choice = VariantChooser.choose(definition, sequence.nextStep, situation.customerId(), intentId,
                situation.posteriors());
        Optional<OutboundText> composed = compose(turn, sequence, definition, offer.orElse(null), zone, window,
                intentId, choice.variant());
        if (composed.isEmpty()) {
            skipStep(turn, sequence, definition, zone, "TEMPLATE_VALUES_MISSING");
            return;
        }
        OutboundText text = composed.get();
        turn.send(text);
        state.sends.record(turn.now(), definition.id(), definition.subject());
        state.engagement.onSent(turn.now());
        sequence.textsSent++;
        offer.ifPresent(o -> sequence.offeredSkus.add(o.sku()));
        turn.sent("STEP_DUE", offer.map(Offer::sku).orElse(null), sequence, text.intentId(), choice);
        advance(turn, sequence, definition, zone, fatigue.stretchFactor());
    }

    private Optional<Offer> chooseOffer(Turn turn, ActiveSequence sequence, Step step) {
        CustomerState state = turn.state();
        List<String> owned = new ArrayList<>(state.owned.size());
        for (OwnedItem item : state.owned) {
            owned.add(item.sku);
        }
        var strategy = step.offer();
        return OFFERS.choose(strategy, sequence.triggerSkus, owned, state.affinity, turn.situation().catalog(), turn.now());
    }

    /** The text for the step, or empty when the template needs a value the offer lacks (e.g. no link). */
    private Optional<OutboundText> compose(Turn turn, ActiveSequence sequence, SequenceDefinition definition,
                                           Offer offer, ZoneId zone, RecipientWindow window, String intentId,
                                           String variant) {
        CustomerState state = turn.state();
        String productLink = offer == null ? null : offer.url();
        String link = productLink == null || settings.trackedLinkBase().isEmpty() ? productLink
                : settings.trackedLinks().link(settings.trackedLinkBase(), intentId);
        TemplateValues values = offer == null ? TemplateValues.nameOnly(state.firstName)
                : new TemplateValues(state.firstName, offer.name(), offer.priceMinor(), offer.currency(), link);
        RenderOutcome rendered = TemplateRenderer.render(definition, sequence.nextStep, variant,
                state.locale == null ? definition.defaultLocale() : state.locale, values);
        if (!(rendered instanceof RenderOutcome.Rendered text)) {
            return Optional.empty();
        }
        String body = text.text();
        String locale = text.locale();
        if (!settings.optOutNotice().isEmpty()) {
            body = body + " " + settings.optOutNotice();
        }
        // The redirect needs the target only when the text really carries the tracked link.
        String linkTarget = link != null && !link.equals(productLink) && body.contains(link) ? productLink : null;
        AllowedHours mainWindow = window.main().allowed();
        return Optional.of(new OutboundText(intentId, turn.now(), turn.now().plus(settings.intentTtl()), state.phone, body, locale,
                zone.getId(), mainWindow.end().toSecondOfDay() / 60, mainWindow.start().toSecondOfDay() / 60, window.places(),
                definition.id(), definition.version(), sequence.nextStep, sequence.triggerId, variant,
                offer == null ? null : offer.sku(), offer == null ? null : offer.priceMinor(),
                offer == null ? null : offer.currency(), linkTarget));
    }

    private RecipientWindow windowFor(Turn turn) {
        Situation situation = turn.situation();
        return settings.quietHours().windowFor(situation.brandId(), situation.locationId(), turn.state().timeZone,
                turn.state().phone, settings.zoneFor(situation.brandId()));
    }

    private void defer(Turn turn, ActiveSequence sequence, Instant until, String reason) {
        sequence.dueMillis = until.toEpochMilli();
        turn.decide(DecisionOutcome.DEFERRED, reason, null, sequence, until, null);
    }

    private void skipStep(Turn turn, ActiveSequence sequence, SequenceDefinition definition, ZoneId zone, String reason) {
        turn.decide(DecisionOutcome.SKIPPED, reason, null, sequence, null, null);
        advance(turn, sequence, definition, zone, 1.0);
    }

    /** Moves to the next step, spaced by its delay (stretched when the customer has been ignoring texts). */
    private void advance(Turn turn, ActiveSequence sequence, SequenceDefinition definition, ZoneId zone, double stretch) {
        sequence.nextStep++;
        if (sequence.nextStep >= definition.steps().size() || sequence.textsSent >= definition.maxTextsPerEntry()) {
            turn.exit(sequence, DecisionOutcome.COMPLETED, "LAST_STEP");
            return;
        }
        Instant runOut = sequence.runOutMillis == 0 ? null : Instant.ofEpochMilli(sequence.runOutMillis);
        Instant due = definition.steps().get(sequence.nextStep).delay().dueAt(turn.now(), zone, runOut);
        long spacing = Math.max(0, due.toEpochMilli() - turn.nowMillis());
        sequence.dueMillis = turn.nowMillis() + (long) (spacing * stretch);
    }

    private record Candidate(ActiveSequence sequence, SequenceDefinition definition) {}
}
