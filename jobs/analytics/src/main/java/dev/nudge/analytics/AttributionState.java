package dev.nudge.analytics;

import dev.nudge.events.PurchaseEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * What one customer's attribution remembers. Every list is bounded by time and by {@link Attribution#MAX_ENTRIES}.
 * A Flink POJO; the purchases use Flink's Avro serializer.
 */
public class AttributionState {
    public List<SentText> texts = new ArrayList<>();
    public List<Touch> touches = new ArrayList<>();
    public List<Holdout> holdouts = new ArrayList<>();
    /** Purchases waiting for the watermark to pass them, oldest first. */
    public List<PurchaseEvent> heldPurchases = new ArrayList<>();

    public AttributionState() {}

    public boolean isEmpty() {
        return texts.isEmpty() && touches.isEmpty() && holdouts.isEmpty() && heldPurchases.isEmpty();
    }
}
