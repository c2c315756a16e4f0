package dev.nudge.domain.engine;

import dev.nudge.domain.consent.ConsentLedger;
import dev.nudge.domain.offer.BrowsingAffinity;
import dev.nudge.domain.policy.EngagementStats;
import dev.nudge.domain.policy.SendHistory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Everything Nudge keeps about one customer, in one ValueState (the sequencer's {@code CustomerStateSerializer}
 * writes it). Every collection is bounded by a count and every piece of behaviour by a time ({@link #forgetStale}):
 * once the customer has been quiet for the retention period their behaviour is forgotten ({@link #forgetBehaviour()}),
 * never who they are: the profile and the consent ledger stay until an erasure.
 */
public class CustomerState {

    /** How many engagement ids are remembered to drop replays: more than a customer gets in any retention period. */
    static final int MAX_SEEN_ENGAGEMENTS = 200;
    /** Runs remembered per customer against replayed triggers; far more than a customer starts in the retention. */
    static final int MAX_STARTED_RUNS = 50;

    public String locationId;
    public String phone;
    public String timeZone;
    public String locale;
    public String firstName;

    /** Consent per phone number, in event time. */
    public ConsentLedger consent = new ConsentLedger();
    public boolean phoneInvalid;

    public long lastActivityMillis;
    public List<OwnedItem> owned = new ArrayList<>();
    public BrowsingAffinity affinity = new BrowsingAffinity();
    public List<ActiveSequence> active = new ArrayList<>();
    /** sequenceId → when the customer last left it (or was held out), for the re-entry policy. */
    public Map<String, Long> lastExitMillis = new HashMap<>();
    /**
     * The runs ({@link Keys#run}: location, sequence, trigger) started (or held out) lately, so a replayed trigger
     * cannot start a run again and repeat its idempotency keys.
     */
    public RecentKeys recentRuns = new RecentKeys();
    public SendHistory sends = new SendHistory();
    public EngagementStats engagement = new EngagementStats();
    /**
     * Ids of the engagements applied lately, so a replayed one is applied once: bounded by count only, since a
     * delivery failure or reply replayed however late must not act twice; cleared with the behaviour.
     */
    public RecentKeys recentEngagements = new RecentKeys();
    /**
     * The wake-up the Flink adapter has registered for this customer (epoch millis, 0 for none), kept here so one
     * state read serves an input; the engine neither reads nor writes it. {@link #TIMER_UNKNOWN} in a state made by
     * the constructor: a new customer, or one restored from state written before the timer was kept here.
     */
    public long timerMillis = TIMER_UNKNOWN;

    public static final long TIMER_UNKNOWN = -1;

    public CustomerState() {}

    /** Why this customer may not be texted now, or null when they may. */
    String contactBlock() {
        if (phone == null || phoneInvalid) {
            return "NO_PHONE";
        }
        if (consent.optedOut(phone)) {
            return "OPTED_OUT";
        }
        return consent.textable(phone) ? null : "NO_CONSENT";
    }

    /** Drops what the customer did (browsing, purchases, runs, sends), keeps who they are and their consent. */
    void forgetBehaviour() {
        owned = new ArrayList<>();
        affinity = new BrowsingAffinity();
        active = new ArrayList<>();
        lastExitMillis = new HashMap<>();
        recentRuns = new RecentKeys();
        sends = new SendHistory();
        engagement = new EngagementStats();
        recentEngagements = new RecentKeys();
    }

    /**
     * Drops what is past its own bound while the customer stays active: exits older than the retention and than
     * {@code exitMemoryMillis} of their sequence (a cooldown may be longer), runs older than the retention, skus owned
     * longer than the owned window, sends no cap can see.
     */
    void forgetStale(long nowMillis, EngineSettings settings, ToLongFunction<String> exitMemoryMillis) {
        long retentionHorizon = nowMillis - settings.retention().toMillis();
        lastExitMillis.entrySet().removeIf(exit -> exit.getValue() < retentionHorizon
                && exit.getValue() < nowMillis - exitMemoryMillis.applyAsLong(exit.getKey()));
        recentRuns.forgetBefore(retentionHorizon);
        long ownedHorizon = nowMillis - settings.ownedWindow().toMillis();
        owned.removeIf(item -> item.boughtMillis < ownedHorizon);
        sends.prune(Instant.ofEpochMilli(nowMillis));
    }

    ActiveSequence activeSequence(String sequenceId) {
        for (ActiveSequence sequence : active) {
            if (sequence.sequenceId.equals(sequenceId)) {
                return sequence;
            }
        }
        return null;
    }

    boolean owns(String sku) {
        for (OwnedItem item : owned) {
            if (item.sku.equals(sku)) {
                return true;
            }
        }
        return false;
    }
}
