package dev.nudge.domain.engine;

import dev.nudge.domain.consent.ConsentLedger;
import dev.nudge.domain.offer.BrowsingAffinity;
import dev.nudge.domain.policy.EngagementStats;
import dev.nudge.domain.policy.SendHistory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything Nudge keeps about one customer. A Flink POJO (held in one ValueState); every collection is bounded
 * by {@link EngineSettings}. Once the customer has been quiet for the retention period their behaviour is forgotten
 * ({@link #forgetBehaviour()}), never who they are: the profile and the consent ledger stay until an erasure.
 */
public class CustomerState {

    /** How many engagement ids are remembered to drop replays: more than a customer gets in any retention period. */
    static final int MAX_SEEN_ENGAGEMENTS = 200;

    public String locationId;
    public String phone;
    public String timeZone;
    public String locale;
    public String tier;
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
     * The runs ({@link Keys#run}: location, sequence, trigger) started (or held out) lately, oldest first, so a replayed trigger cannot
     * start a run again and repeat its idempotency keys.
     */
    public List<String> startedRuns = new ArrayList<>();
    public SendHistory sends = new SendHistory();
    public EngagementStats engagement = new EngagementStats();
    /** Ids of the engagements applied lately, oldest first, so a replayed one is applied once. */
    public List<String> seenEngagements = new ArrayList<>();

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
        startedRuns = new ArrayList<>();
        sends = new SendHistory();
        engagement = new EngagementStats();
        seenEngagements = new ArrayList<>();
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
        return owned.stream().anyMatch(item -> item.sku.equals(sku));
    }
}
