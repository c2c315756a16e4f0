package dev.nudge.domain.engine;

import dev.nudge.domain.offer.BrowsingAffinity;
import dev.nudge.domain.policy.EngagementStats;
import dev.nudge.domain.policy.SendHistory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything Nudge keeps about one customer. A Flink POJO (held in one ValueState); every collection is bounded
 * by {@link EngineSettings} and the whole state is dropped once the customer has been quiet for the retention period.
 */
public class CustomerState {
    public String locationId;
    public String phone;
    public String timeZone;
    public String locale;
    public String tier;
    public String firstName;

    public boolean consented;
    public boolean optedOut;
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

    public CustomerState() {}

    /** Why this customer may not be texted now, or null when they may. */
    String contactBlock() {
        if (optedOut) {
            return "OPTED_OUT";
        }
        if (phone == null || phoneInvalid) {
            return "NO_PHONE";
        }
        return consented ? null : "NO_CONSENT";
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
