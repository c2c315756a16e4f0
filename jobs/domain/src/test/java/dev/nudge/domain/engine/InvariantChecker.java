package dev.nudge.domain.engine;

import dev.nudge.domain.catalog.CatalogItem;
import dev.nudge.domain.definition.ExitRule;
import dev.nudge.domain.definition.SequenceDefinition;
import dev.nudge.domain.definition.TemplateRenderer;
import dev.nudge.domain.engine.CustomerInput.Changed;
import dev.nudge.domain.engine.CustomerInput.Engaged;
import dev.nudge.domain.engine.CustomerInput.PurchaseMade;
import dev.nudge.domain.event.CustomerChange;
import dev.nudge.domain.event.CustomerChangeKind;
import dev.nudge.domain.event.Engagement;
import dev.nudge.domain.event.Purchase;
import dev.nudge.domain.event.ReplyIntent;
import dev.nudge.domain.policy.PhoneZones;
import dev.nudge.domain.policy.QuietHours;
import dev.nudge.domain.policy.RecipientZone;
import dev.nudge.domain.policy.SendHistory;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Checks every call into the engine for one customer against the product rules. It keeps its own model of what
 * the customer told us (consent, opt-out, phone, zone), of which runs an event must have ended, and of every text
 * sent, so it does not trust the engine's state; it reads the engine's decisions only to know which runs started.
 */
final class InvariantChecker {

    private final EngineDriver driver;
    private final EngineSettings settings;
    private final String customer;
    private final List<String> violations;
    private final Set<String> intentIds;
    private final Set<String> decisionIds = new HashSet<>();
    private final Figures figures;

    private boolean consented;
    private boolean optedOut;
    private boolean phoneInvalid;
    private String phone;
    private String profileZone;
    /** Runs ("sequenceId triggerId") the engine started, with the skus their texts offered. */
    private final Map<String, Set<String>> offeredByRun = new HashMap<>();
    /** Runs an event ended: no text may follow until the engine starts the same run again. */
    private final Set<String> endedRuns = new HashSet<>();
    /** Every text this customer got, never forgotten, to replay against the caps. */
    private final SendHistory allSends = new SendHistory();

    InvariantChecker(EngineDriver driver, EngineSettings settings, String customer, List<String> violations,
                     Set<String> intentIds, Figures figures) {
        this.driver = driver;
        this.settings = settings;
        this.customer = customer;
        this.violations = violations;
        this.intentIds = intentIds;
        this.figures = figures;
    }

    void check(EngineDriver.Call call) {
        figures.count("calls");
        learn(call.input());
        for (DecisionRecord decision : call.outcome().decisions()) {
            figures.count(decision);
            checkDecision(call, decision);
            if (decision.outcome() == DecisionOutcome.ENTERED) {
                String run = run(decision.sequenceId(), decision.triggerId());
                offeredByRun.put(run, new HashSet<>());
                endedRuns.remove(run);
            }
        }
        for (OutboundText text : call.outcome().texts()) {
            figures.count("texts");
            checkText(call, text);
        }
        if (call.outcome().clearState()) {
            figures.count("states cleared");
            checkNothingStillCounts(call);
            forgetCustomer();
        } else {
            checkBounded(call);
        }
    }

    /** Updates the model from an input, before the engine's answer to it is checked. */
    private void learn(CustomerInput input) {
        if (input instanceof Changed changed) {
            learn(changed.change());
        } else if (input instanceof Engaged engaged) {
            learn(engaged.engagement());
        } else if (input instanceof PurchaseMade made) {
            endRuns(run -> endsOnPurchase(run, made.purchase()));
        }
    }

    private void learn(CustomerChange change) {
        if (change.phoneE164() != null && !change.phoneE164().equals(phone)) {
            phone = change.phoneE164();
            phoneInvalid = false;
        }
        if (change.timeZone() != null) {
            profileZone = change.timeZone();
        }
        if (change.kind() == CustomerChangeKind.CONSENT_GRANTED) {
            consented = true;
            optedOut = false;
        } else if (change.kind() == CustomerChangeKind.CONSENT_REVOKED) {
            consented = false;
            endRuns(run -> true);
        }
    }

    private void learn(Engagement engagement) {
        switch (engagement.kind()) {
            case OPTED_OUT -> {
                optedOut = true;
                endRuns(run -> true);
            }
            case OPTED_IN -> {
                optedOut = false;
                consented = true;
            }
            case FAILED, UNDELIVERED -> {
                if (Objects.equals(engagement.errorCode(), Exits.TWILIO_UNSUBSCRIBED)) {
                    optedOut = true;
                    endRuns(run -> true);
                } else if (Objects.equals(engagement.errorCode(), Exits.TWILIO_INVALID_NUMBER)) {
                    phoneInvalid = true;
                    endRuns(run -> true);
                }
            }
            case HELP -> endRuns(run -> exits(run).contains(ExitRule.QUESTION));
            case REPLIED -> {
                ReplyIntent intent = engagement.replyIntent();
                if (intent == ReplyIntent.NEGATIVE) {
                    endRuns(run -> true);
                } else if (intent == ReplyIntent.QUESTION) {
                    endRuns(run -> exits(run).contains(ExitRule.QUESTION));
                } else {
                    endRuns(run -> exits(run).contains(ExitRule.REPLY));
                }
            }
            default -> { }
        }
    }

    private boolean endsOnPurchase(String run, Purchase purchase) {
        Set<ExitRule> exits = exits(run);
        return exits.contains(ExitRule.ANY_PURCHASE) || (exits.contains(ExitRule.OFFERED_ITEM_PURCHASE)
                && offeredByRun.get(run).stream().anyMatch(purchase::contains));
    }

    private void endRuns(Predicate<String> ends) {
        offeredByRun.keySet().stream().filter(ends).forEach(endedRuns::add);
    }

    private void checkText(EngineDriver.Call call, OutboundText text) {
        String run = run(text.sequenceId(), text.triggerId());
        if (!intentIds.add(text.intentId())) {
            violation(call, "a second text with intent id " + text.intentId());
        }
        if (!consented || optedOut || phoneInvalid || phone == null || !phone.equals(text.toPhone())) {
            violation(call, "texted " + text.toPhone() + " without consent (consented " + consented + ", opted out "
                    + optedOut + ", phone " + phone + (phoneInvalid ? " invalid" : "") + ")");
        }
        checkQuietHours(call, text);
        checkCaps(call, text);
        if (!offeredByRun.containsKey(run)) {
            violation(call, "texted for run " + run + " that never started");
        } else if (endedRuns.contains(run)) {
            violation(call, "texted for run " + run + " after an exit");
        } else if (text.offerSku() != null) {
            offeredByRun.get(run).add(text.offerSku());
        }
        if (text.offerSku() != null) {
            checkOffer(call, text);
        }
    }

    /** Every decision says why and under which rules; its id is unique, since downstream drops repeated ids. */
    private void checkDecision(EngineDriver.Call call, DecisionRecord decision) {
        if (decision.reason() == null || decision.sequenceId() == null || decision.sequenceVersion() == null) {
            violation(call, "a decision without reason or rule version: " + decision);
        }
        if (!decisionIds.add(decision.decisionId())) {
            violation(call, "a second decision with id " + decision.decisionId() + ": " + decision);
        }
        boolean waitsForASlot = decision.outcome() == DecisionOutcome.DEFERRED
                && !decision.reason().equals("SEQUENCE_PAUSED");
        if (waitsForASlot && !quietHours().allows(decision.deferredUntil(), zone())) {
            violation(call, "deferred to " + decision.deferredUntil() + ", which is in quiet hours");
        }
    }

    private void checkQuietHours(EngineDriver.Call call, OutboundText text) {
        ZoneId zone = zone();
        QuietHours window = quietHours();
        if (!window.allows(call.now(), zone) || !text.createdAt().equals(call.now())) {
            violation(call, "texted at " + call.now().atZone(zone).toLocalTime() + " in " + zone + ", outside " + window);
        }
    }

    private ZoneId zone() {
        return RecipientZone.resolve(profileZone, phone, settings.zoneFor(EngineDriver.BRAND)).zone();
    }

    private QuietHours quietHours() {
        String usState = PhoneZones.standard().usStateOf(phone).orElse(null);
        return settings.quietHours().forRecipient(EngineDriver.BRAND, driver.locationId(), usState);
    }

    private void checkCaps(EngineDriver.Call call, OutboundText text) {
        String subject = driver.published(text.sequenceId(), text.sequenceVersion()).subject();
        var caps = settings.capsFor(EngineDriver.BRAND);
        var verdict = caps.check(call.now(), subject, allSends);
        if (!verdict.allowed()) {
            violation(call, "texted above the caps: " + verdict.reason() + " until " + verdict.earliestAllowed());
        }
        allSends.record(call.now(), text.sequenceId(), subject);
    }

    private void checkOffer(EngineDriver.Call call, OutboundText text) {
        Optional<CatalogItem> item = driver.catalog().item(text.offerSku());
        if (item.isEmpty() || !item.get().sellable()) {
            violation(call, "offered " + text.offerSku() + ", which is not sellable: " + item.orElse(null));
            return;
        }
        long price = item.get().priceMinor();
        String shown = TemplateRenderer.formatPrice(price, item.get().currency(), Locale.US).orElseThrow();
        if (text.offerPriceMinor() != price || !text.body().contains(shown)) {
            violation(call, "offered " + text.offerSku() + " at " + text.offerPriceMinor() + " while the catalog says "
                    + price + ": " + text.body());
        }
    }

    /** Dropping a state that holds a text the caps still see would let the next run text again at once. */
    private void checkNothingStillCounts(EngineDriver.Call call) {
        allSends.getSends().stream()
                .filter(sent -> sent.getEpochMillis() > call.now().minus(SendHistory.RETENTION).toEpochMilli())
                .findFirst()
                .ifPresent(sent -> violation(call, "cleared the state although the text of "
                        + java.time.Instant.ofEpochMilli(sent.getEpochMillis()) + " still counts for the caps"));
    }

    private void checkBounded(EngineDriver.Call call) {
        CustomerState state = driver.state();
        if (call.outcome().nextWakeUp() == null) {
            violation(call, "kept the state without a wake-up");
        }
        if (state.active.size() > RandomDefinitions.Kind.values().length || state.owned.size() > settings.maxOwned()
                || state.startedRuns.size() > 50 || state.sends.getSends().size() > SendHistory.CAPACITY
                || state.affinity.getSkus().size() > 50) {
            violation(call, "the state outgrew its bounds");
        }
    }

    /** The engine cleared the state, so what the customer told us before is gone for it too. */
    private void forgetCustomer() {
        consented = false;
        optedOut = false;
        phoneInvalid = false;
        phone = null;
        profileZone = null;
        endedRuns.addAll(offeredByRun.keySet());
    }

    private Set<ExitRule> exits(String run) {
        return driver.published(run.substring(0, run.indexOf(' ')), 1).exits();
    }

    private static String run(String sequenceId, String triggerId) {
        return sequenceId + " " + triggerId;
    }

    private void violation(EngineDriver.Call call, String what) {
        violations.add(customer + " at " + call.now() + " on " + call.input().getClass().getSimpleName() + ": " + what);
    }

    /** Counts across all customers, printed at the end of the run. */
    static final class Figures {
        private final Map<String, Integer> counts = new java.util.TreeMap<>();

        void count(String what) {
            counts.merge(what, 1, Integer::sum);
        }

        void count(DecisionRecord decision) {
            count("decisions " + decision.outcome());
            switch (decision.outcome()) {
                case DEFERRED, EXITED, SKIPPED -> count(decision.outcome().name().toLowerCase(Locale.ROOT) + " by "
                        + decision.reason());
                default -> { }
            }
        }

        int get(String what) {
            return counts.getOrDefault(what, 0);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            counts.forEach((what, count) -> text.append(String.format("%-40s %8d%n", what, count)));
            return text.toString();
        }
    }
}
