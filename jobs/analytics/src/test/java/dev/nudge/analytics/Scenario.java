package dev.nudge.analytics;

import dev.nudge.events.Decision;
import dev.nudge.events.DecisionOutcome;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.EngagementType;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SmsIntent;
import dev.nudge.events.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.nudge.analytics.Events.MARCH_2;
import static dev.nudge.analytics.Events.decision;
import static dev.nudge.analytics.Events.item;
import static dev.nudge.analytics.Events.purchase;
import static dev.nudge.analytics.Events.receipt;
import static dev.nudge.analytics.Events.text;

/**
 * A small, fully known week of one sequence ("coffee", two steps, variants A and B) whose every figure the analyst
 * queries report is worked out by hand in {@code AnalystQueriesITCase}:
 * <ul>
 *   <li>c1 (A): step 0 delivered and clicked; step 1 two days later, delivered; buys the offered canister after it;</li>
 *   <li>c2 (B): step 0 delivered, replies, buys beans (not the offered kit) the next day;</li>
 *   <li>c3 (A): step 0 delivered, opts out;</li>
 *   <li>c4 (A): step 0 fails (30003); buys the next day, which no text earned;</li>
 *   <li>c5 (B): step 0 delivered; step 1 three days later, delivered; a step deferred by the daily cap;</li>
 *   <li>h1, h2 held out; h1 buys inside the window. x1 skipped for no consent; c1's step 1 once skipped for quiet hours;</li>
 *   <li>c5 also buys beans in euros two days after entering (after step 0, before step 1);</li>
 *   <li>another brand ({@link #OTHER_BRAND}) runs a sequence of the same name: n1 entered, texted twice and bought, n2
 *       held out. No query for the first brand may show any of it.</li>
 * </ul>
 * Conversions come from running {@link Attribution} over the events in time order. The sequence version says a 30%
 * hold-out and a 3-day window.
 */
final class Scenario {

    static final String SEQUENCE = "coffee";
    static final String OTHER_BRAND = "north-roasters";

    final List<Decision> decisions = new ArrayList<>();
    final List<SmsIntent> texts = new ArrayList<>();
    final List<EngagementEvent> engagements = new ArrayList<>();
    final List<PurchaseEvent> purchases = new ArrayList<>();
    final List<SequenceVersion> sequenceVersions = new ArrayList<>();
    final List<Conversion> conversions;

    Scenario() {
        for (String customer : List.of("c1", "c2", "c3", "c4", "c5")) {
            decisions.add(decision(customer, DecisionOutcome.ENTERED, "TRIGGERED", SEQUENCE, 0, day(0)));
        }
        decisions.add(decision("h1", DecisionOutcome.HELD_OUT, "HOLDOUT", SEQUENCE, 0, day(0)));
        decisions.add(decision("h2", DecisionOutcome.HELD_OUT, "HOLDOUT", SEQUENCE, 0, day(0)));
        decisions.add(decision("x1", DecisionOutcome.SKIPPED, "NO_CONSENT", SEQUENCE, 0, day(0)));
        decisions.add(decision("c1", DecisionOutcome.SKIPPED, "QUIET_HOURS", SEQUENCE, 1, day(2).minusSeconds(7200)));
        decisions.add(decision("c5", DecisionOutcome.DEFERRED, "DAILY_CAP", SEQUENCE, 1, day(2)));

        SmsIntent c1Step0 = send("c1", 0, "A", "kit", day(0));
        engage(c1Step0, EngagementType.DELIVERED, day(0).plusSeconds(60));
        engage(c1Step0, EngagementType.CLICKED, day(0).plusSeconds(3600));
        SmsIntent c1Step1 = send("c1", 1, "A", "canister", day(2));
        engage(c1Step1, EngagementType.DELIVERED, day(2).plusSeconds(60));
        purchases.add(purchase("c1", "o-1", day(2).plusSeconds(7200), item("canister", 1, 1500), item("beans", 1, 900)));

        SmsIntent c2Step0 = send("c2", 0, "B", "kit", day(0));
        engage(c2Step0, EngagementType.DELIVERED, day(0).plusSeconds(60));
        engage(c2Step0, EngagementType.REPLIED, day(0).plusSeconds(3600));
        purchases.add(purchase("c2", "o-2", day(1), item("beans", 1, 900)));

        SmsIntent c3Step0 = send("c3", 0, "A", "kit", day(0));
        engage(c3Step0, EngagementType.DELIVERED, day(0).plusSeconds(60));
        engage(c3Step0, EngagementType.OPTED_OUT, day(0).plusSeconds(7200));

        SmsIntent c4Step0 = send("c4", 0, "A", "kit", day(0));
        engage(c4Step0, EngagementType.FAILED, day(0).plusSeconds(60));
        purchases.add(purchase("c4", "o-4", day(1), item("kit", 1, 2400)));

        SmsIntent c5Step0 = send("c5", 0, "B", "kit", day(0));
        engage(c5Step0, EngagementType.DELIVERED, day(0).plusSeconds(60));
        SmsIntent c5Step1 = send("c5", 1, "B", "canister", day(3));
        engage(c5Step1, EngagementType.DELIVERED, day(3).plusSeconds(60));

        purchases.add(purchase("h1", "o-6", day(1), item("beans", 1, 1000)));
        PurchaseEvent inEuros = purchase("c5", "o-5", day(2), item("beans", 1, 800));
        inEuros.setCurrency("EUR");
        purchases.add(inEuros);

        otherBrand();
        sequenceVersions.add(version(Events.BRAND));
        sequenceVersions.add(version(OTHER_BRAND));

        conversions = attribute();
    }

    static Instant day(int days) {
        return MARCH_2.plus(Duration.ofDays(days));
    }

    /** The same sequence name at another brand, with every kind of row the queries read. */
    private void otherBrand() {
        Tenant other = new Tenant(OTHER_BRAND, null);
        Decision entered = decision("n1", DecisionOutcome.ENTERED, "TRIGGERED", SEQUENCE, 0, day(0));
        Decision heldOut = decision("n2", DecisionOutcome.HELD_OUT, "HOLDOUT", SEQUENCE, 0, day(0));
        SmsIntent step0 = text("n1", SEQUENCE, 0, "A", "kit", day(0));
        SmsIntent step1 = text("n1", SEQUENCE, 1, "A", "canister", day(2));
        EngagementEvent delivered0 = receipt(step0, EngagementType.DELIVERED, day(0).plusSeconds(60));
        EngagementEvent delivered1 = receipt(step1, EngagementType.DELIVERED, day(2).plusSeconds(60));
        EngagementEvent optOut = receipt(step1, EngagementType.OPTED_OUT, day(2).plusSeconds(120));
        PurchaseEvent bought = purchase("n1", "n-o-1", day(1), item("kit", 1, 5000));
        for (Decision decision : List.of(entered, heldOut)) {
            decision.setTenant(other);
            decision.setDecisionId(OTHER_BRAND + decision.getDecisionId());
            decisions.add(decision);
        }
        for (SmsIntent text : List.of(step0, step1)) {
            text.setTenant(other);
            text.setIntentId(OTHER_BRAND + text.getIntentId());
            texts.add(text);
        }
        for (EngagementEvent engagement : List.of(delivered0, delivered1, optOut)) {
            engagement.setTenant(other);
            engagement.setMessageId(OTHER_BRAND + engagement.getMessageId());
            engagements.add(engagement);
        }
        bought.setTenant(other);
        purchases.add(bought);
    }

    private static SequenceVersion version(String brand) {
        SequenceVersion version = new SequenceVersion();
        version.brandId = brand;
        version.sequenceId = SEQUENCE;
        version.version = 1;
        version.publishedAtMillis = day(-1).toEpochMilli();
        version.holdoutPercent = 30;
        version.attributionWindowSeconds = Duration.ofDays(3).toSeconds();
        version.document = "{}";
        return version;
    }

    private SmsIntent send(String customer, int step, String variant, String offerSku, Instant at) {
        SmsIntent text = text(customer, SEQUENCE, step, variant, offerSku, at);
        texts.add(text);
        decisions.add(decision(customer, DecisionOutcome.SENT, "STEP_DUE", SEQUENCE, step, at));
        return text;
    }

    private void engage(SmsIntent text, EngagementType type, Instant at) {
        engagements.add(receipt(text, type, at));
    }

    private List<Conversion> attribute() {
        List<AnalyticsInput> inputs = new ArrayList<>();
        decisions.forEach(d -> inputs.add(AnalyticsInput.of(d)));
        texts.forEach(t -> inputs.add(AnalyticsInput.of(t)));
        engagements.forEach(e -> inputs.add(AnalyticsInput.of(e)));
        purchases.forEach(p -> inputs.add(AnalyticsInput.of(p)));
        inputs.sort(Comparator.comparingLong(AnalyticsInput::eventTimeMillis));
        Attribution attribution = new Attribution(AttributionSettings.defaults());
        Map<String, AttributionState> states = new HashMap<>();
        List<Conversion> found = new ArrayList<>();
        for (AnalyticsInput input : inputs) {
            AttributionState state = states.computeIfAbsent(input.customerKey(), key -> new AttributionState());
            if (input.decision != null) {
                attribution.onDecision(state, input.decision);
            } else if (input.text != null) {
                attribution.onText(state, input.text);
            } else if (input.engagement != null) {
                attribution.onEngagement(state, input.engagement);
            } else {
                found.addAll(attribution.attribute(state, input.purchase));
            }
        }
        return found;
    }
}
