package dev.nudge.analytics;

import java.util.ArrayList;
import java.util.List;

/** What one customer's attribution remembers. Every list is bounded by time and by {@link Attribution#MAX_ENTRIES}. A Flink POJO. */
public class AttributionState {
    public List<SentText> texts = new ArrayList<>();
    public List<Touch> touches = new ArrayList<>();
    public List<Holdout> holdouts = new ArrayList<>();

    public AttributionState() {}

    public boolean isEmpty() {
        return texts.isEmpty() && touches.isEmpty() && holdouts.isEmpty();
    }
}
