package dev.nudge.domain.engine;

import dev.nudge.domain.consent.ConsentFact;
import dev.nudge.domain.consent.ConsentKind;
import dev.nudge.domain.engine.CustomerInput.Browsed;
import dev.nudge.domain.engine.CustomerInput.Changed;
import dev.nudge.domain.engine.CustomerInput.Engaged;
import dev.nudge.domain.engine.CustomerInput.PurchaseMade;
import dev.nudge.domain.engine.CustomerInput.WakeUp;
import dev.nudge.domain.definition.ReentryPolicy;
import dev.nudge.domain.event.BrowseSignal;
import dev.nudge.domain.event.CustomerChange;
import dev.nudge.domain.event.CustomerChangeKind;
import dev.nudge.domain.event.Engagement;
import dev.nudge.domain.event.EngagementKind;
import dev.nudge.domain.event.Purchase;
import dev.nudge.domain.event.PurchaseLine;
import dev.nudge.domain.event.ReplyIntent;
import dev.nudge.domain.policy.SendHistory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The sequence engine for one customer: takes the customer's state and one input, changes the state, and says
 * which texts to send, which decisions were taken and when to be woken up next. Plain Java, no Flink: the Flink
 * function around it only loads and stores the state, keeps one timer at {@link Outcome#nextWakeUp()} and emits.
 *
 * <p>Order of work for every input: record what the input says about the customer, apply exits at once (a purchase
 * or an opt-out cancels pending steps without waiting for their timers), then entries, then every step that is due.
 *
 * <p>Consent is a ledger per phone in event time ({@code ConsentLedger}); an engagement is applied once per event id.
 * After the retention period without activity the customer's behaviour is forgotten and their timer goes, but the
 * profile and the ledger stay until a {@code CUSTOMER_ERASED}, which clears everything.
 */
public final class CustomerEngine {

    private final EngineSettings settings;
    private final Entries entries;
    private final StepRunner steps;

    public CustomerEngine(EngineSettings settings) {
        this.settings = settings;
        this.entries = new Entries();
        this.steps = new StepRunner(settings);
    }

    public Outcome handle(CustomerState state, CustomerInput input, Situation situation) {
        return handle(state, input, situation, true);
    }

    /**
     * Takes in the input like {@link #handle} (exits included) but fires no step, not even an overdue one: for
     * the adapter while its inputs are still being read up to now (after an outage), since a step fired then could
     * be one that a STOP or a purchase further back in that backlog should have stopped.
     */
    public Outcome handleHoldingSteps(CustomerState state, CustomerInput input, Situation situation) {
        return handle(state, input, situation, false);
    }

    private Outcome handle(CustomerState state, CustomerInput input, Situation situation, boolean fireDueSteps) {
        Turn turn = new Turn(state, situation, settings, input, occasionOf(input, situation));
        if (input instanceof Changed changed && changed.change().kind() == CustomerChangeKind.CUSTOMER_ERASED) {
            Exits.all(turn, "ERASED");
            return turn.finish(null, true);
        }
        if (input instanceof PurchaseMade made) {
            onPurchase(turn, made.purchase());
        } else if (input instanceof Browsed browsed) {
            onBrowse(turn, browsed.signal());
        } else if (input instanceof Changed changed) {
            onCustomerChange(turn, changed.change());
        } else if (input instanceof Engaged engaged) {
            onEngagement(turn, engaged.engagement());
        }
        if (!(input instanceof WakeUp)) {
            state.lastActivityMillis = Math.max(state.lastActivityMillis, turn.nowMillis());
        }
        if (fireDueSteps) {
            steps.runDue(turn);
        }
        state.forgetStale(turn.nowMillis(), settings, sequenceId -> exitMemoryMillis(turn, sequenceId));
        if (state.active.isEmpty() && turn.nowMillis() >= forgetAtMillis(state)) {
            state.forgetBehaviour();
            return turn.finish(null, false);
        }
        return turn.finish(nextWakeUp(state), false);
    }

    /** The input's own time (the timer's for a wake-up): the same on every replay, whatever the engine's clock. */
    private static Instant occasionOf(CustomerInput input, Situation situation) {
        Instant at = null;
        if (input instanceof PurchaseMade made) {
            at = made.purchase().at();
        } else if (input instanceof Browsed browsed) {
            at = browsed.signal().at();
        } else if (input instanceof Changed changed) {
            at = changed.change().at();
        } else if (input instanceof Engaged engaged) {
            at = engaged.engagement().at();
        } else if (input instanceof WakeUp wakeUp) {
            at = wakeUp.timer();
        }
        return at == null ? situation.now() : at;
    }

    private void onPurchase(Turn turn, Purchase purchase) {
        CustomerState state = turn.state();
        state.engagement.onResponse(purchase.at());
        for (PurchaseLine line : purchase.lines()) {
            if (line.quantity() > 0) {
                rememberOwned(state, line.sku(), purchase.at().toEpochMilli());
            }
        }
        Exits.onPurchase(turn, purchase);
        entries.onPurchase(turn, purchase);
    }

    private void onBrowse(Turn turn, BrowseSignal signal) {
        turn.state().affinity.record(signal);
        Exits.onBrowse(turn, signal);
        entries.onBrowse(turn, signal);
    }

    private void onCustomerChange(Turn turn, CustomerChange change) {
        CustomerState state = turn.state();
        if (change.phoneE164() != null && !change.phoneE164().equals(state.phone)) {
            state.phone = change.phoneE164();
            state.phoneInvalid = false;
        }
        if (change.timeZone() != null) {
            state.timeZone = change.timeZone();
        }
        if (change.locale() != null) {
            state.locale = change.locale();
        }
        if (change.firstName() != null) {
            state.firstName = change.firstName();
        }
        switch (change.kind()) {
            case CONSENT_GRANTED -> {
                String phone = change.phoneE164() != null ? change.phoneE164() : state.phone;
                if (phone != null) {
                    turn.learn(new ConsentFact(phone, ConsentKind.GRANTED, change.at(), source(change), change.consentEvidence()));
                }
            }
            case CONSENT_REVOKED -> {
                // A revocation is the customer's: it covers every number on record, not only the current one.
                List<String> phones = new ArrayList<>(state.consent.knownPhones());
                if (state.phone != null && !phones.contains(state.phone)) {
                    phones.add(state.phone);
                }
                for (String phone : phones) {
                    turn.learn(new ConsentFact(phone, ConsentKind.REVOKED, change.at(), source(change), change.consentEvidence()));
                }
                exitIfBlocked(turn, "CONSENT_LOST");
            }
            default -> entries.onCustomerChange(turn, change);
        }
    }

    private static String source(CustomerChange change) {
        return change.consentSource() == null ? "customer_event" : change.consentSource();
    }

    private void onEngagement(Turn turn, Engagement engagement) {
        CustomerState state = turn.state();
        if (engagement.eventId() != null) {
            long id = Keys.hash(engagement.eventId());
            if (state.recentEngagements.contains(id)) {
                return;
            }
            state.recentEngagements.add(id, turn.nowMillis(), CustomerState.MAX_SEEN_ENGAGEMENTS);
        }
        switch (engagement.kind()) {
            case CLICKED -> state.engagement.onResponse(engagement.at());
            case REPLIED, HELP -> {
                // HELP asks for a person's answer, so it holds the sequence like a question.
                ReplyIntent intent = engagement.kind() == EngagementKind.HELP ? ReplyIntent.QUESTION
                        : engagement.replyIntent() == null ? ReplyIntent.OTHER : engagement.replyIntent();
                state.engagement.onResponse(engagement.at());
                Exits.onReply(turn, intent);
            }
            case OPTED_OUT -> optOut(turn, engagement, "keyword", "OPTED_OUT");
            case OPTED_IN -> {
                String phone = phoneOf(engagement, state);
                if (phone != null) {
                    turn.learn(new ConsentFact(phone, ConsentKind.OPTED_IN, engagement.at(), "keyword", engagement.eventId()));
                }
            }
            case FAILED, UNDELIVERED -> {
                if (engagement.errorCode() != null && engagement.errorCode() == Exits.TWILIO_UNSUBSCRIBED) {
                    optOut(turn, engagement, "carrier", "CARRIER_OPT_OUT");
                } else {
                    Exits.onDeliveryError(turn, engagement.errorCode());
                }
            }
            default -> { }
        }
    }

    /** An opt-out of the number the engagement names (else the profile's); runs end when it stands. */
    private static void optOut(Turn turn, Engagement engagement, String source, String reason) {
        String phone = phoneOf(engagement, turn.state());
        if (phone != null) {
            turn.learn(new ConsentFact(phone, ConsentKind.OPTED_OUT, engagement.at(), source, engagement.eventId()));
        }
        exitIfBlocked(turn, reason);
    }

    private static String phoneOf(Engagement engagement, CustomerState state) {
        return engagement.phone() != null ? engagement.phone() : state.phone;
    }

    /** Ends every run when the customer may no longer be texted (a stale opt-out or revocation changes nothing). */
    private static void exitIfBlocked(Turn turn, String reason) {
        if (turn.state().contactBlock() != null) {
            Exits.all(turn, reason);
        }
    }

    private void rememberOwned(CustomerState state, String sku, long atMillis) {
        state.owned.removeIf(item -> item.sku.equals(sku)
                || item.boughtMillis < atMillis - settings.ownedWindow().toMillis());
        state.owned.add(new OwnedItem(sku, atMillis));
        while (state.owned.size() > settings.maxOwned()) {
            state.owned.remove(0);
        }
    }

    /** How long an exit from the sequence may still matter: its current definition's cooldown, if over the retention. */
    private long exitMemoryMillis(Turn turn, String sequenceId) {
        return turn.situation().definitions().current(turn.situation().brandId(), sequenceId)
                .filter(definition -> definition.reentry().policy() == ReentryPolicy.COOLDOWN)
                .map(definition -> Math.max(definition.reentry().cooldown().toMillis(), settings.retention().toMillis()))
                .orElse(settings.retention().toMillis());
    }

    private Instant nextWakeUp(CustomerState state) {
        long next = Long.MAX_VALUE;
        for (ActiveSequence sequence : state.active) {
            next = Math.min(next, sequence.attentionMillis());
        }
        return Instant.ofEpochMilli(next == Long.MAX_VALUE ? forgetAtMillis(state) : next);
    }

    /**
     * When a customer with nothing pending may be forgotten: after the retention period without activity, but not
     * while a text still counts for the contact caps, or a new run could text them again at once.
     */
    private long forgetAtMillis(CustomerState state) {
        return Math.max(state.lastActivityMillis + settings.retention().toMillis(),
                state.engagement.getLastSentMillis() + SendHistory.RETENTION.toMillis());
    }
}
