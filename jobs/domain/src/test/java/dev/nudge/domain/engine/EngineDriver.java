package dev.nudge.domain.engine;

import dev.nudge.domain.bandit.VariantPosteriors;
import dev.nudge.domain.definition.DefinitionParseResult;
import dev.nudge.domain.definition.DefinitionParser;
import dev.nudge.domain.definition.DefinitionRegistry;
import dev.nudge.domain.definition.RegistryOutcome;
import dev.nudge.domain.definition.SequenceDefinition;
import dev.nudge.domain.engine.CustomerInput.Browsed;
import dev.nudge.domain.engine.CustomerInput.Changed;
import dev.nudge.domain.engine.CustomerInput.Engaged;
import dev.nudge.domain.engine.CustomerInput.PurchaseMade;
import dev.nudge.domain.engine.CustomerInput.WakeUp;
import dev.nudge.domain.event.BrowseKind;
import dev.nudge.domain.event.BrowseSignal;
import dev.nudge.domain.event.CustomerChange;
import dev.nudge.domain.event.CustomerChangeKind;
import dev.nudge.domain.event.Engagement;
import dev.nudge.domain.event.EngagementKind;
import dev.nudge.domain.event.Purchase;
import dev.nudge.domain.event.PurchaseLine;
import dev.nudge.domain.event.ReplyIntent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Plays the Flink adapter for one customer: keeps the state (null once the engine asked to clear it), keeps one
 * timer at the engine's next wake-up and fires it as the clock passes it, possibly late. The clock only moves
 * forward, like processing time; events may carry an earlier event time than the clock.
 */
final class EngineDriver {

    static final String BRAND = "demo";
    /** More wake-ups than this without the clock moving means the engine is spinning on its own timer. */
    private static final int MAX_WAKE_UPS_AT_ONE_INSTANT = 20;

    /** One call into the engine, as a listener sees it. */
    record Call(Instant now, CustomerInput input, Outcome outcome) {}

    private final CustomerEngine engine;
    private final DefinitionRegistry registry = new DefinitionRegistry();
    private final MutableCatalog catalog = new MutableCatalog();
    private final String brand;
    private final String customerId;
    private final List<OutboundText> texts = new ArrayList<>();
    private final List<DecisionRecord> decisions = new ArrayList<>();
    private final List<Consumer<Call>> listeners = new ArrayList<>();
    private final Map<String, SequenceDefinition> published = new HashMap<>();
    private Supplier<Duration> timerLateness = () -> Duration.ZERO;
    private VariantPosteriors posteriors = VariantPosteriors.NONE;
    private String locationId;
    private Instant now;
    private CustomerState state;
    private Instant timer;
    private Instant timerFiresAt;
    private Outcome lastOutcome;

    EngineDriver(EngineSettings settings, String customerId, Instant start) {
        this(settings, BRAND, customerId, start);
    }

    EngineDriver(EngineSettings settings, String brand, String customerId, Instant start) {
        this.engine = new CustomerEngine(settings);
        this.brand = brand;
        this.customerId = customerId;
        this.now = start;
    }

    // --- set-up ---------------------------------------------------------------------------------------------

    /** Parses and publishes a definition; fails the test when either step rejects it. */
    SequenceDefinition publish(String yaml) {
        DefinitionParseResult parsed = DefinitionParser.parse(yaml);
        if (!(parsed instanceof DefinitionParseResult.Accepted accepted)) {
            throw new AssertionError("definition rejected: " + ((DefinitionParseResult.Rejected) parsed).reasons());
        }
        SequenceDefinition definition = accepted.definition();
        RegistryOutcome outcome = registry.offer(definition);
        if (outcome instanceof RegistryOutcome.Rejected rejected) {
            throw new AssertionError("registry rejected the definition: " + rejected.reasons());
        }
        published.put(definition.id() + "@" + definition.version(), definition);
        return definition;
    }

    /** Any version published through this driver, also one the registry no longer keeps. */
    SequenceDefinition published(String sequenceId, int version) {
        return published.get(sequenceId + "@" + version);
    }

    MutableCatalog catalog() {
        return catalog;
    }

    DefinitionRegistry registry() {
        return registry;
    }

    String brand() {
        return brand;
    }

    EngineDriver atLocation(String location) {
        this.locationId = location;
        return this;
    }

    String locationId() {
        return locationId;
    }

    /** The variant posteriors the engine reads, as the broadcast side would hold them. */
    EngineDriver withPosteriors(VariantPosteriors posteriors) {
        this.posteriors = posteriors;
        return this;
    }

    /** How late each newly registered timer fires after its time. */
    EngineDriver timersLate(Supplier<Duration> lateness) {
        this.timerLateness = lateness;
        return this;
    }

    void onCall(Consumer<Call> listener) {
        listeners.add(listener);
    }

    // --- the clock and the timer ----------------------------------------------------------------------------

    Instant now() {
        return now;
    }

    /** Moves the clock forward, firing the timer (late, if so configured) whenever it comes due on the way. */
    void advanceTo(Instant target) {
        if (target.isBefore(now)) {
            throw new IllegalArgumentException("the clock only moves forward: " + target + " < " + now);
        }
        int wakeUpsWithoutProgress = 0;
        while (timerFiresAt != null && !timerFiresAt.isAfter(target)) {
            if (timerFiresAt.isAfter(now)) {
                now = timerFiresAt;
                wakeUpsWithoutProgress = 0;
            } else if (++wakeUpsWithoutProgress > MAX_WAKE_UPS_AT_ONE_INSTANT) {
                throw new AssertionError("the engine keeps asking to be woken at " + timer + " (now " + now + ")");
            }
            Instant firing = timer;
            timer = null;
            timerFiresAt = null;
            if (state != null) {
                call(new WakeUp(firing));
            }
        }
        now = target;
    }

    void advanceBy(Duration duration) {
        advanceTo(now.plus(duration));
    }

    /**
     * A timer firing now although the engine no longer asked for it (e.g. a delete that raced with it); like the
     * adapter, nothing happens when no state is stored.
     */
    Outcome staleWakeUp() {
        return state == null ? null : call(new WakeUp(now));
    }

    /** The wake-up currently registered, null when none. */
    Instant timer() {
        return timer;
    }

    // --- inputs ---------------------------------------------------------------------------------------------

    Outcome deliver(CustomerInput input) {
        if (state == null) {
            state = new CustomerState();
        }
        return call(input);
    }

    Outcome grantConsent(String phone) {
        return change(CustomerChangeKind.CONSENT_GRANTED, phone, null);
    }

    Outcome grantConsent(String phone, String profileZone) {
        return change(CustomerChangeKind.CONSENT_GRANTED, phone, profileZone);
    }

    Outcome revokeConsent() {
        return change(CustomerChangeKind.CONSENT_REVOKED, null, null);
    }

    Outcome changePhone(String phone) {
        return change(CustomerChangeKind.PROFILE_CHANGED, phone, null);
    }

    Outcome signUp() {
        return change(CustomerChangeKind.SIGN_UP, null, null);
    }

    Outcome renewal(String planSku) {
        return deliver(new Changed(new CustomerChange(now, CustomerChangeKind.RENEWAL, null, null, null, null, null, null,
                null, planSku)));
    }

    Outcome milestone(String name) {
        return deliver(new Changed(new CustomerChange(now, CustomerChangeKind.USAGE_MILESTONE, null, null, null, null,
                null, null, name, null)));
    }

    private Outcome change(CustomerChangeKind kind, String phone, String zone) {
        return deliver(new Changed(new CustomerChange(now, kind, phone, zone, null, null, "Ana", null, null, null)));
    }

    Outcome purchase(String orderId, PurchaseLine... lines) {
        return purchaseAt(now, orderId, lines);
    }

    /** A purchase whose event time is earlier than the clock: it arrives late. */
    Outcome purchaseAt(Instant at, String orderId, PurchaseLine... lines) {
        long total = Arrays.stream(lines).mapToLong(line -> line.quantity() * line.unitPriceMinor()).sum();
        return deliver(new PurchaseMade(new Purchase(orderId, at, List.of(lines), total, "USD")));
    }

    static PurchaseLine line(String sku, String category, int quantity, long unitPriceMinor) {
        return new PurchaseLine(sku, category, quantity, unitPriceMinor);
    }

    Outcome browse(BrowseKind kind, String sku, String category) {
        return deliver(new Browsed(new BrowseSignal(now, kind, sku, category, null)));
    }

    Outcome reply(ReplyIntent intent) {
        return engage(EngagementKind.REPLIED, intent, null);
    }

    Outcome optOut() {
        return engage(EngagementKind.OPTED_OUT, null, null);
    }

    Outcome click() {
        return engage(EngagementKind.CLICKED, null, null);
    }

    Outcome deliveryFailed(int twilioErrorCode) {
        return engage(EngagementKind.FAILED, null, twilioErrorCode);
    }

    Outcome engage(EngagementKind kind, ReplyIntent intent, Integer errorCode) {
        String messageId = texts.isEmpty() ? null : texts.get(texts.size() - 1).intentId();
        return deliver(new Engaged(new Engagement(now, kind, messageId, null, null, intent, errorCode)));
    }

    // --- what came out --------------------------------------------------------------------------------------

    List<OutboundText> texts() {
        return List.copyOf(texts);
    }

    List<DecisionRecord> decisions() {
        return List.copyOf(decisions);
    }

    List<DecisionRecord> decisions(DecisionOutcome outcome) {
        return decisions.stream().filter(decision -> decision.outcome() == outcome).toList();
    }

    Outcome lastOutcome() {
        return lastOutcome;
    }

    /** The stored state; null once the engine asked for it to be cleared. */
    CustomerState state() {
        return state;
    }

    private Outcome call(CustomerInput input) {
        Outcome outcome = engine.handle(state, input, new Situation(now, brand, locationId, customerId, registry, catalog, posteriors));
        lastOutcome = outcome;
        texts.addAll(outcome.texts());
        decisions.addAll(outcome.decisions());
        if (outcome.clearState()) {
            state = null;
            moveTimer(null);
        } else {
            moveTimer(outcome.nextWakeUp());
        }
        Call call = new Call(now, input, outcome);
        listeners.forEach(listener -> listener.accept(call));
        return outcome;
    }

    /** Like the adapter: an unchanged wake-up keeps its timer (and its lateness), a new one replaces it. */
    private void moveTimer(Instant wanted) {
        if (wanted == null) {
            timer = null;
            timerFiresAt = null;
        } else if (!wanted.equals(timer)) {
            timer = wanted;
            timerFiresAt = wanted.plus(timerLateness.get());
        }
    }
}
