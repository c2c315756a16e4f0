package dev.nudge.domain.engine;

import dev.nudge.domain.catalog.CatalogItem;
import dev.nudge.domain.definition.ConflictPolicy;
import dev.nudge.domain.definition.DefinitionStatus;
import dev.nudge.domain.definition.SequenceDefinition;
import dev.nudge.domain.definition.TemplateRenderer;
import dev.nudge.domain.engine.CustomerInput.Browsed;
import dev.nudge.domain.engine.CustomerInput.Changed;
import dev.nudge.domain.engine.CustomerInput.Engaged;
import dev.nudge.domain.engine.CustomerInput.PurchaseMade;
import dev.nudge.domain.event.CustomerChange;
import dev.nudge.domain.event.CustomerChangeKind;
import dev.nudge.domain.event.Engagement;
import dev.nudge.domain.event.ReplyIntent;
import dev.nudge.domain.policy.SendHistory;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks every call into the engine for one customer against the product rules. It keeps its own model of what
 * the customer told us (a consent ledger per phone in event time, phone, zone), of the runs ({@link RunModel}) and
 * of every text sent, so it does not trust the engine's state; it reads the engine's decisions only to learn which
 * runs started. Its consent rules are its own short re-statement of issue 10's: newest event time per kind wins,
 * a STOP beats every older grant and opt-in, an opt-in creates no consent, a new number has none, a replayed
 * engagement changes nothing, and nothing but an erasure forgets a phone, its consent or its opt-out.
 */
final class InvariantChecker {

    private static final Set<String> CAPS = Set.of("MIN_GAP", "DAILY_CAP", "WEEKLY_CAP");

    private final EngineDriver driver;
    private final EngineSettings settings;
    private final String customer;
    private final List<String> violations;
    private final Set<String> intentIds;
    /** Decision id → what was decided, without when: a replayed input may repeat a decision, never reuse its id. */
    private final Map<String, List<Object>> decisionsById = new HashMap<>();
    private final Figures figures;
    private final RunModel runs;
    /** Every text this customer got, never forgotten, to replay against the caps. */
    private final SendHistory allSends = new SendHistory();

    /** The checker's own consent ledger: per phone, the newest event time of each kind it was told. */
    private final Map<String, Map<String, Instant>> consent = new HashMap<>();
    /** Engagement ids already applied: a replay must change nothing. */
    private final Set<String> engagementIds = new HashSet<>();
    private boolean phoneInvalid;
    private String phone;
    private String profileZone;

    InvariantChecker(EngineDriver driver, EngineSettings settings, String customer, List<String> violations,
                     Set<String> intentIds, Figures figures) {
        this.driver = driver;
        this.settings = settings;
        this.customer = customer;
        this.violations = violations;
        this.intentIds = intentIds;
        this.figures = figures;
        this.runs = new RunModel(driver);
    }

    void check(EngineDriver.Call call) {
        figures.count("calls");
        learn(call);
        for (DecisionRecord decision : call.outcome().decisions()) {
            figures.count(decision);
            checkDecision(call, decision);
            runs.decided(decision, happened(call));
        }
        for (OutboundText text : call.outcome().texts()) {
            figures.count("texts");
            checkText(call, text);
        }
        checkPriorities(call);
        boolean erasure = call.input() instanceof Changed changed
                && changed.change().kind() == CustomerChangeKind.CUSTOMER_ERASED;
        if (call.outcome().clearState() != erasure) {
            violation(call, erasure ? "kept the state of an erased customer" : "dropped the state of a customer nobody erased");
        }
        if (erasure) {
            figures.count("customers erased");
            forgetCustomer();
        } else if (!call.outcome().clearState()) {
            checkBounded(call);
        }
    }

    // --- the model, from the inputs ----------------------------------------------------------------------------

    /** When the call's input happened; a wake-up happens at the engine's now. */
    private static Instant happened(EngineDriver.Call call) {
        if (call.input() instanceof PurchaseMade made) {
            return made.purchase().at();
        }
        if (call.input() instanceof Browsed browsed) {
            return browsed.signal().at();
        }
        return call.input() instanceof Changed changed ? changed.change().at() : call.now();
    }

    private void learn(EngineDriver.Call call) {
        if (call.input() instanceof Changed changed) {
            learn(changed.change());
        } else if (call.input() instanceof Engaged engaged) {
            learn(engaged.engagement(), call.now());
        } else if (call.input() instanceof PurchaseMade made) {
            runs.endOnPurchase(made.purchase());
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
            mark(change.phoneE164() != null ? change.phoneE164() : phone, "granted", change.at());
        } else if (change.kind() == CustomerChangeKind.CONSENT_REVOKED) {
            Set<String> phones = new HashSet<>(consent.keySet());
            if (phone != null) {
                phones.add(phone);
            }
            phones.forEach(revoked -> mark(revoked, "revoked", change.at()));
            endRunsUnlessTextable();
        }
    }

    private void learn(Engagement engagement, Instant now) {
        if (engagement.eventId() != null && !engagementIds.add(engagement.eventId())) {
            return;
        }
        String about = engagement.phone() != null ? engagement.phone() : phone;
        switch (engagement.kind()) {
            case OPTED_OUT -> {
                mark(about, "stop", engagement.at());
                endRunsUnlessTextable();
            }
            case OPTED_IN -> mark(about, "start", engagement.at());
            case FAILED, UNDELIVERED -> {
                if (Objects.equals(engagement.errorCode(), Exits.TWILIO_UNSUBSCRIBED)) {
                    mark(about, "stop", engagement.at());
                    endRunsUnlessTextable();
                } else if (Objects.equals(engagement.errorCode(), Exits.TWILIO_INVALID_NUMBER)) {
                    phoneInvalid = true;
                    runs.endAll();
                }
            }
            case HELP -> runs.question(now);
            case REPLIED -> {
                if (engagement.replyIntent() == ReplyIntent.NEGATIVE) {
                    runs.endAll();
                } else if (engagement.replyIntent() == ReplyIntent.QUESTION) {
                    runs.question(now);
                } else {
                    runs.answer();
                }
            }
            default -> { }
        }
    }

    /** Keeps the newest time per kind: the order in which the facts arrive does not matter. */
    private void mark(String about, String kind, Instant at) {
        if (about != null) {
            consent.computeIfAbsent(about, p -> new HashMap<>()).merge(kind, at, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    /** Consent given for the phone and not withdrawn since. */
    private boolean consented(String about) {
        Map<String, Instant> marks = consent.getOrDefault(about, Map.of());
        Instant granted = marks.get("granted");
        Instant revoked = marks.get("revoked");
        return granted != null && (revoked == null || granted.isAfter(revoked));
    }

    /** A STOP stands until an opt-in or a grant strictly newer than it. */
    private boolean stopped(String about) {
        Map<String, Instant> marks = consent.getOrDefault(about, Map.of());
        Instant stop = marks.get("stop");
        if (stop == null) {
            return false;
        }
        Instant start = marks.get("start");
        Instant granted = marks.get("granted");
        return (start == null || !start.isAfter(stop)) && (granted == null || !granted.isAfter(stop));
    }

    private boolean textable() {
        return phone != null && !phoneInvalid && consented(phone) && !stopped(phone);
    }

    private void endRunsUnlessTextable() {
        if (!textable()) {
            runs.endAll();
        }
    }

    /** The customer was erased: whatever they told us is gone. */
    private void forgetCustomer() {
        consent.clear();
        engagementIds.clear();
        phoneInvalid = false;
        phone = null;
        profileZone = null;
        runs.endAll();
    }

    // --- the checks -----------------------------------------------------------------------------------------

    /**
     * Every decision says why and under which rules; an id names one decision only, since downstream drops repeated
     * ids (the same input delivered again may make the same decision, with the same id).
     */
    private void checkDecision(EngineDriver.Call call, DecisionRecord decision) {
        if (decision.reason() == null || decision.sequenceId() == null || decision.sequenceVersion() == null) {
            violation(call, "a decision without reason or rule version: " + decision);
            return;
        }
        List<Object> decided = Arrays.asList(decision.outcome(), decision.reason(), decision.detail(),
                decision.sequenceId(), decision.sequenceVersion(), decision.step(), decision.triggerId(),
                decision.intentId(), decision.deferredUntil());
        List<Object> earlier = decisionsById.putIfAbsent(decision.decisionId(), decided);
        if (earlier != null && !earlier.equals(decided)) {
            violation(call, "the id " + decision.decisionId() + " of " + earlier + " reused for " + decision);
        }
        boolean waitsForASlot = decision.outcome() == DecisionOutcome.DEFERRED
                && !decision.reason().equals("SEQUENCE_PAUSED");
        if (waitsForASlot && !QuietHoursModel.allows(decision.deferredUntil(), phone, profileZone, driver.brand(), driver.locationId())) {
            violation(call, "deferred to " + decision.deferredUntil() + ", which is in quiet hours");
        }
        checkContactBlock(call, decision);
        if (decision.reason().equals("PREEMPTED") && definition(decision).conflictPolicy() != ConflictPolicy.DROP) {
            violation(call, "dropped a step of a sequence that reschedules: " + decision);
        }
        if (decision.outcome() == DecisionOutcome.ENTERED && definition(decision).status() != DefinitionStatus.LIVE) {
            violation(call, "entered a version that is not live: " + decision);
        }
    }

    /** A customer the rules let us text is never turned away for want of a phone or consent: nothing is forgotten. */
    private void checkContactBlock(EngineDriver.Call call, DecisionRecord decision) {
        boolean noPhone = phone == null || phoneInvalid;
        if (decision.reason().equals("NO_PHONE") && !noPhone) {
            violation(call, "turned away for NO_PHONE although the phone is " + phone);
        }
        if (decision.reason().equals("NO_CONSENT") && (noPhone || consented(phone))) {
            violation(call, "turned away for NO_CONSENT although " + phone + " has consent");
        }
    }

    private void checkText(EngineDriver.Call call, OutboundText text) {
        String run = RunModel.key(text.sequenceId(), text.triggerId());
        if (!intentIds.add(text.intentId())) {
            violation(call, "a second text with intent id " + text.intentId());
        }
        if (!textable() || !phone.equals(text.toPhone())) {
            violation(call, "texted " + text.toPhone() + " without consent (consented " + consented(text.toPhone())
                    + ", opted out " + stopped(text.toPhone()) + ", phone " + phone + (phoneInvalid ? " invalid" : "")
                    + ")");
        }
        checkQuietHours(call, text);
        checkCaps(call, text);
        String why = runs.whyNoText(run, call.now());
        if (why != null) {
            violation(call, "texted for run " + run + " although " + why);
        } else {
            runs.sent(run, text);
        }
        String expectedStart = "v" + text.sequenceVersion() + " step " + text.step() + ":";
        if (!text.body().startsWith(expectedStart)) {
            violation(call, "text of " + text.sequenceId() + "@" + text.sequenceVersion() + " step " + text.step()
                    + " reads \"" + text.body() + "\"");
        }
        SequenceDefinition current = driver.registry().current(driver.brand(), text.sequenceId()).orElseThrow();
        if (current.status() != DefinitionStatus.LIVE) {
            violation(call, "texted for " + text.sequenceId() + " while its latest version is " + current.status());
        }
        if (text.offerSku() != null) {
            checkOffer(call, text);
        }
    }

    private void checkQuietHours(EngineDriver.Call call, OutboundText text) {
        if (!QuietHoursModel.allows(call.now(), phone, profileZone, driver.brand(), driver.locationId())
                || !text.createdAt().equals(call.now())) {
            violation(call, "texted " + phone + " (profile zone " + profileZone + ") in quiet hours at " + call.now());
        }
    }

    private void checkCaps(EngineDriver.Call call, OutboundText text) {
        String subject = driver.published(text.sequenceId(), text.sequenceVersion()).subject();
        var verdict = settings.capsFor(driver.brand()).check(call.now(), subject, allSends);
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

    /**
     * When sequences compete for one slot, the higher priority wins: a text never goes out in the same call in which
     * a sequence of higher priority lost the slot to the caps every sequence shares.
     */
    private void checkPriorities(EngineDriver.Call call) {
        for (DecisionRecord lost : call.outcome().decisions()) {
            boolean lostSlot = (lost.outcome() == DecisionOutcome.DEFERRED && CAPS.contains(lost.reason()))
                    || "PREEMPTED".equals(lost.reason());
            for (OutboundText won : lostSlot ? call.outcome().texts() : List.<OutboundText>of()) {
                int winner = driver.published(won.sequenceId(), won.sequenceVersion()).priority();
                if (winner < definition(lost).priority()) {
                    violation(call, won.sequenceId() + " (priority " + winner + ") took the slot of " + lost);
                }
            }
        }
    }

    /** Forgetting a text the caps still see would let the next run text again at once. */
    private void checkNothingStillCounts(EngineDriver.Call call) {
        allSends.getSends().stream()
                .filter(sent -> sent.getEpochMillis() > call.now().minus(SendHistory.RETENTION).toEpochMilli())
                .findFirst()
                .ifPresent(sent -> violation(call, "forgot the sends although the text of "
                        + Instant.ofEpochMilli(sent.getEpochMillis()) + " still counts for the caps"));
    }

    private void checkBounded(EngineDriver.Call call) {
        CustomerState state = driver.state();
        if (call.outcome().nextWakeUp() == null) {
            // Only a customer whose behaviour was forgotten has no wake-up: nothing may be pending or still count.
            figures.count("behaviour forgotten");
            if (!state.active.isEmpty()) {
                violation(call, "kept runs without a wake-up");
            }
            checkNothingStillCounts(call);
        }
        if (state.active.size() > RandomDefinitions.Kind.values().length || state.owned.size() > settings.maxOwned()
                || state.recentRuns.size() > CustomerState.MAX_STARTED_RUNS || state.sends.getSends().size() > SendHistory.CAPACITY
                || state.affinity.getSkus().size() > 50) {
            violation(call, "the state outgrew its bounds");
        }
    }

    private SequenceDefinition definition(DecisionRecord decision) {
        return driver.published(decision.sequenceId(), decision.sequenceVersion());
    }

    private void violation(EngineDriver.Call call, String what) {
        violations.add(customer + " at " + call.now() + " on " + call.input().getClass().getSimpleName() + ": " + what);
    }

    /** Counts across all customers, printed at the end of the run. */
    static final class Figures {
        private final Map<String, Integer> counts = new TreeMap<>();

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
