package dev.nudge.domain.engine;

import java.util.ArrayList;
import java.util.List;

/** A sequence a customer is in: which version, which step is next and when. Part of CustomerState. */
public class ActiveSequence {
    public String sequenceId;
    public int version;
    public String triggerId;
    /** Where the trigger happened (store order numbers repeat across locations); null in state written before. */
    public String triggerLocationId;
    public long triggerMillis;
    /** When the event that started the run happened (the order, the view, the sign-up); 0 in state written before. */
    public long startedMillis;
    public List<String> triggerSkus = new ArrayList<>();
    /** Replenishment sequences: when the customer's supply runs out; 0 otherwise. */
    public long runOutMillis;
    public int nextStep;
    public long dueMillis;
    /** A question paused the sequence until this instant; 0 when not paused. */
    public long pausedUntilMillis;
    /** Since when a paused definition holds this run (recorded once; later rechecks stay silent); 0 when not held. */
    public long heldSinceMillis;
    /** Every sku a text of this run offered (at most one per step), for the OFFERED_ITEM_PURCHASE exit. */
    public List<String> offeredSkus = new ArrayList<>();
    public int textsSent;

    public ActiveSequence() {}

    boolean paused() {
        return pausedUntilMillis > 0;
    }

    /** When this sequence next needs the engine's attention. */
    long attentionMillis() {
        return paused() ? pausedUntilMillis : dueMillis;
    }
}
