package dev.nudge.analytics;

import dev.nudge.events.Decision;
import dev.nudge.events.DecisionOutcome;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.EngagementType;
import dev.nudge.events.LineItem;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SmsIntent;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The attribution rules for one customer, in plain Java:
 * <ul>
 *   <li>a purchase inside a sequence's window (strictly) after a DELIVERED or CLICKED text counts for the last such text
 *       (last touch), recording the whole order ("bought anything") and whether it held the offered sku;</li>
 *   <li>a HELD_OUT decision opens a window the same way; a purchase inside it counts for that sequence's hold-out
 *       group, one conversion per held-out sequence;</li>
 *   <li>a purchase waits in the state until event time (the watermark) has passed it, so every touch and hold-out
 *       before it has arrived whatever the order the topics were read in; then held purchases are attributed in
 *       event-time order ({@link #onPurchase}, {@link #advance});</li>
 *   <li>touches are matched by their own time, not arrival order, so a purchase arriving late (behind the watermark,
 *       up to {@link AttributionSettings#allowedLateness()}) is attributed at once as if it had come on time. A touch
 *       arriving behind the watermark after its purchase was attributed does not change that conversion.</li>
 * </ul>
 * Returns (orders with a non-positive total) are not conversions. A sequence's window is the one its definition
 * gave when the text was delivered or the customer held out ({@link #defineWindow}), unless the settings override it.
 */
public final class Attribution implements Serializable {

    /** Cap on each remembered list, so a flood of texts for one customer cannot grow state without bound. */
    public static final int MAX_ENTRIES = 200;

    private final AttributionSettings settings;
    /** brandId/sequenceId → the attribution window its latest definition gives. */
    private final Map<String, Duration> definedWindows = new ConcurrentHashMap<>();

    public Attribution(AttributionSettings settings) {
        this.settings = Objects.requireNonNull(settings);
    }

    /** The window a sequence definition gives; touches and hold-outs from now on use it. */
    public void defineWindow(String brandId, String sequenceId, Duration window) {
        definedWindows.put(brandId + "/" + sequenceId, window);
    }

    long windowMillis(String brandId, String sequenceId) {
        return settings.windowMillis(sequenceId, definedWindows.get(brandId + "/" + sequenceId));
    }

    public void onText(AttributionState state, SmsIntent intent) {
        if (state.texts.stream().anyMatch(text -> text.messageId.equals(intent.getIntentId()))) {
            return;
        }
        SentText text = new SentText();
        text.messageId = intent.getIntentId();
        text.sequenceId = intent.getSequenceId();
        text.sequenceVersion = intent.getSequenceVersion();
        text.step = intent.getStep();
        text.variant = intent.getVariant();
        text.offerSku = intent.getOfferSku();
        text.createdAtMillis = intent.getCreatedAt().toEpochMilli();
        addBounded(state.texts, text, Comparator.comparingLong(t -> t.createdAtMillis));
        // A receipt may have arrived before its intent: give those touches the offer they lacked.
        state.touches.stream().filter(touch -> touch.messageId.equals(text.messageId))
                .forEach(touch -> touch.offerSku = text.offerSku);
    }

    public void onEngagement(AttributionState state, EngagementEvent engagement) {
        EngagementType type = engagement.getType();
        String messageId = engagement.getMessageId();
        if ((type != EngagementType.DELIVERED && type != EngagementType.CLICKED) || messageId == null) {
            return;
        }
        long at = engagement.getEventTime().toEpochMilli();
        if (state.touches.stream().anyMatch(touch -> touch.messageId.equals(messageId) && touch.atMillis == at)) {
            return;
        }
        Touch touch = new Touch();
        touch.messageId = messageId;
        touch.atMillis = at;
        SentText text = state.texts.stream().filter(t -> t.messageId.equals(messageId)).findFirst().orElse(null);
        if (text != null) {
            touch.sequenceId = text.sequenceId;
            touch.sequenceVersion = text.sequenceVersion;
            touch.step = text.step;
            touch.variant = text.variant;
            touch.offerSku = text.offerSku;
        } else if (engagement.getSequenceId() != null) {
            touch.sequenceId = engagement.getSequenceId();
            touch.sequenceVersion = Objects.requireNonNullElse(engagement.getSequenceVersion(), 0);
            touch.step = Objects.requireNonNullElse(engagement.getStep(), 0);
            touch.variant = Objects.requireNonNullElse(engagement.getVariant(), "");
        } else {
            return; // neither the intent nor the receipt says which sequence the text belongs to
        }
        touch.windowMillis = windowMillis(engagement.getTenant().getBrandId(), touch.sequenceId);
        addBounded(state.touches, touch, Comparator.comparingLong(t -> t.atMillis));
    }

    public void onDecision(AttributionState state, Decision decision) {
        if (decision.getOutcome() != DecisionOutcome.HELD_OUT || decision.getSequenceId() == null
                || state.holdouts.stream().anyMatch(h -> h.decisionId.equals(decision.getDecisionId()))) {
            return;
        }
        Holdout holdout = new Holdout();
        holdout.decisionId = decision.getDecisionId();
        holdout.sequenceId = decision.getSequenceId();
        holdout.sequenceVersion = Objects.requireNonNullElse(decision.getSequenceVersion(), 0);
        holdout.atMillis = decision.getDecidedAt().toEpochMilli();
        holdout.windowMillis = windowMillis(decision.getTenant().getBrandId(), holdout.sequenceId);
        addBounded(state.holdouts, holdout, Comparator.comparingLong(h -> h.atMillis));
    }

    /**
     * Whether the purchase arrived more than the allowed lateness behind event time: the touches and hold-outs it could
     * have counted for may already be forgotten, so it is kept aside rather than attributed against what is left.
     */
    public boolean tooLate(PurchaseEvent purchase, long watermarkMillis) {
        return purchase.getEventTime().toEpochMilli() + lateness() < watermarkMillis;
    }

    /**
     * Holds the purchase until the watermark passes it, or attributes it at once when the watermark already has (a
     * late purchase). When more than {@link #MAX_ENTRIES} purchases wait, the oldest is attributed early rather than
     * dropped. Returns the conversions made now.
     */
    public List<Conversion> onPurchase(AttributionState state, PurchaseEvent purchase, long watermarkMillis) {
        if (purchase.getEventTime().toEpochMilli() <= watermarkMillis) {
            return attribute(state, purchase);
        }
        if (state.heldPurchases.stream().anyMatch(held -> held.getEventId().equals(purchase.getEventId()))) {
            return List.of();
        }
        state.heldPurchases.add(purchase);
        state.heldPurchases.sort(Comparator.comparing(PurchaseEvent::getEventTime));
        return state.heldPurchases.size() > MAX_ENTRIES ? attribute(state, state.heldPurchases.remove(0)) : List.of();
    }

    /**
     * Event time has reached {@code watermarkMillis}: attributes the held purchases at or before it, oldest first,
     * then forgets what has expired.
     */
    public List<Conversion> advance(AttributionState state, long watermarkMillis) {
        List<Conversion> conversions = new ArrayList<>();
        while (!state.heldPurchases.isEmpty()
                && state.heldPurchases.get(0).getEventTime().toEpochMilli() <= watermarkMillis) {
            conversions.addAll(attribute(state, state.heldPurchases.remove(0)));
        }
        expire(state, watermarkMillis);
        return conversions;
    }

    /** The conversions this purchase makes with what is known now: at most one to a text, one per held-out sequence. */
    public List<Conversion> attribute(AttributionState state, PurchaseEvent purchase) {
        List<Conversion> conversions = new ArrayList<>();
        if (purchase.getTotalMinor() <= 0) {
            return conversions;
        }
        long at = purchase.getEventTime().toEpochMilli();
        state.touches.stream()
                .filter(touch -> inWindow(touch.atMillis, window(touch.windowMillis), at))
                .max(Comparator.comparingLong((Touch touch) -> touch.atMillis).thenComparing(touch -> touch.messageId))
                .ifPresent(touch -> conversions.add(textConversion(purchase, touch)));

        Map<String, Holdout> lastHoldoutBySequence = new HashMap<>();
        for (Holdout holdout : state.holdouts) {
            if (inWindow(holdout.atMillis, window(holdout.windowMillis), at)) {
                lastHoldoutBySequence.merge(holdout.sequenceId, holdout,
                        (a, b) -> a.atMillis >= b.atMillis ? a : b);
            }
        }
        lastHoldoutBySequence.values().stream().sorted(Comparator.comparing(h -> h.sequenceId))
                .forEach(holdout -> conversions.add(holdoutConversion(purchase, holdout)));
        return conversions;
    }

    /** Forgets what no purchase at or after {@code nowMillis - allowedLateness} can be attributed to any more. */
    public void expire(AttributionState state, long nowMillis) {
        state.texts.removeIf(text -> expiry(text) <= nowMillis);
        state.touches.removeIf(touch -> expiry(touch) <= nowMillis);
        state.holdouts.removeIf(holdout -> expiry(holdout) <= nowMillis);
    }

    /**
     * When {@link #advance} next has something to do: the oldest held purchase or the next expiry;
     * {@link Long#MAX_VALUE} when the state is empty.
     */
    public long nextWakeUpMillis(AttributionState state) {
        long next = nextExpiryMillis(state);
        return state.heldPurchases.isEmpty() ? next
                : Math.min(next, state.heldPurchases.get(0).getEventTime().toEpochMilli());
    }

    /** When {@link #expire} next has something to forget; {@link Long#MAX_VALUE} when nothing is remembered. */
    public long nextExpiryMillis(AttributionState state) {
        long next = Long.MAX_VALUE;
        for (SentText text : state.texts) {
            next = Math.min(next, expiry(text));
        }
        for (Touch touch : state.touches) {
            next = Math.min(next, expiry(touch));
        }
        for (Holdout holdout : state.holdouts) {
            next = Math.min(next, expiry(holdout));
        }
        return next;
    }

    /** Strictly after the touch or hold-out: the checkout that got a customer held out does not count for it. */
    private static boolean inWindow(long openedAt, long windowMillis, long purchasedAt) {
        return openedAt < purchasedAt && purchasedAt < openedAt + windowMillis;
    }

    /** Entries from state written before windows were kept in it fall back to the default. */
    private long window(long keptMillis) {
        return keptMillis > 0 ? keptMillis : settings.defaultWindow().toMillis();
    }

    private long lateness() {
        return settings.allowedLateness().toMillis();
    }

    private long expiry(SentText text) {
        return text.createdAtMillis + settings.textRetention().toMillis() + lateness();
    }

    private long expiry(Touch touch) {
        return touch.atMillis + window(touch.windowMillis) + lateness();
    }

    private long expiry(Holdout holdout) {
        return holdout.atMillis + window(holdout.windowMillis) + lateness();
    }

    private static Conversion textConversion(PurchaseEvent purchase, Touch touch) {
        Conversion conversion = conversion(purchase, false, touch.sequenceId, touch.sequenceVersion, touch.atMillis);
        conversion.conversionId = purchase.getTenant().getBrandId() + ":" + purchase.getOrderId() + ":text";
        conversion.messageId = touch.messageId;
        conversion.step = touch.step;
        conversion.variant = touch.variant;
        long offered = offeredRevenue(purchase, touch.offerSku);
        conversion.offeredItem = offered > 0;
        conversion.offeredRevenueMinor = offered;
        return conversion;
    }

    private static Conversion holdoutConversion(PurchaseEvent purchase, Holdout holdout) {
        Conversion conversion = conversion(purchase, true, holdout.sequenceId, holdout.sequenceVersion, holdout.atMillis);
        conversion.conversionId = purchase.getTenant().getBrandId() + ":" + purchase.getOrderId() + ":holdout:"
                + holdout.sequenceId;
        conversion.decisionId = holdout.decisionId;
        conversion.variant = "";
        return conversion;
    }

    private static Conversion conversion(PurchaseEvent purchase, boolean holdout, String sequenceId, int version,
                                         long touchedAt) {
        Conversion conversion = new Conversion();
        conversion.brandId = purchase.getTenant().getBrandId();
        conversion.customerId = purchase.getCustomerId();
        conversion.holdout = holdout;
        conversion.messageId = "";
        conversion.decisionId = "";
        conversion.sequenceId = sequenceId;
        conversion.sequenceVersion = version;
        conversion.orderId = purchase.getOrderId();
        conversion.revenueMinor = purchase.getTotalMinor();
        conversion.currency = purchase.getCurrency();
        conversion.touchedAtMillis = touchedAt;
        conversion.attributedAtMillis = purchase.getEventTime().toEpochMilli();
        return conversion;
    }

    /** What the order spent on the offered sku (bought, not returned); 0 when none or nothing was offered. */
    private static long offeredRevenue(PurchaseEvent purchase, String offerSku) {
        if (offerSku == null) {
            return 0;
        }
        long total = 0;
        for (LineItem line : purchase.getLines()) {
            if (line.getSku().equals(offerSku) && line.getQuantity() > 0) {
                total += line.getQuantity() * line.getUnitPriceMinor();
            }
        }
        return total;
    }

    /** Adds {@code entry}, then drops the oldest entries beyond {@link #MAX_ENTRIES}. */
    private static <E> void addBounded(List<E> entries, E entry, Comparator<E> byAge) {
        entries.add(entry);
        if (entries.size() > MAX_ENTRIES) {
            entries.sort(byAge);
            entries.subList(0, entries.size() - MAX_ENTRIES).clear();
        }
    }
}
