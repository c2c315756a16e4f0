package dev.nudge.domain.offer;

import dev.nudge.domain.event.BrowseKind;
import dev.nudge.domain.event.BrowseSignal;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a customer has shown interest in lately: a decaying score per sku and per category. A view counts 1,
 * adding to the cart 3, removing from it -1, a search within a category 1 (for the category). Scores halve every
 * half-life; faded and lowest-ranked entries are dropped so the state stays small. A Flink POJO for keyed state.
 */
public class BrowsingAffinity {

    private Map<String, DecayingScore> skus = new HashMap<>();
    private Map<String, DecayingScore> categories = new HashMap<>();

    public BrowsingAffinity() {
    }

    public static double weightOf(BrowseKind kind) {
        return switch (kind) {
            case VIEW, SEARCH -> 1;
            case ADD_TO_CART -> 3;
            case REMOVE_FROM_CART -> -1;
        };
    }

    public void record(BrowseSignal signal) {
        record(signal, AffinitySettings.DEFAULTS);
    }

    public void record(BrowseSignal signal, AffinitySettings settings) {
        double weight = weightOf(signal.kind());
        long at = signal.at().toEpochMilli();
        long halfLife = settings.halfLife().toMillis();
        if (signal.sku() != null) {
            skus.computeIfAbsent(signal.sku(), sku -> new DecayingScore(0, at)).add(weight, at, halfLife);
        }
        if (signal.category() != null) {
            categories.computeIfAbsent(signal.category(), category -> new DecayingScore(0, at)).add(weight, at, halfLife);
        }
        prune(skus, at, halfLife, settings.maxSkus(), settings.forgetBelow());
        prune(categories, at, halfLife, settings.maxCategories(), settings.forgetBelow());
    }

    /** Interest in a sku: its own score plus its category's (either may be null or unknown, counting 0). */
    public double score(String sku, String category, Instant now) {
        return score(sku, category, now, AffinitySettings.DEFAULTS);
    }

    public double score(String sku, String category, Instant now, AffinitySettings settings) {
        return valueOf(skus, sku, now, settings) + valueOf(categories, category, now, settings);
    }

    /** The categories with positive interest as of {@code now}, strongest first (ties by name). */
    public List<String> likedCategories(Instant now) {
        return likedCategories(now, AffinitySettings.DEFAULTS);
    }

    public List<String> likedCategories(Instant now, AffinitySettings settings) {
        return ranked(categories, now.toEpochMilli(), settings.halfLife().toMillis()).stream()
                .filter(category -> valueOf(categories, category, now, settings) > 0)
                .toList();
    }

    public boolean isEmpty() {
        return skus.isEmpty() && categories.isEmpty();
    }

    public Map<String, DecayingScore> getSkus() {
        return skus;
    }

    public void setSkus(Map<String, DecayingScore> skus) {
        this.skus = skus;
    }

    public Map<String, DecayingScore> getCategories() {
        return categories;
    }

    public void setCategories(Map<String, DecayingScore> categories) {
        this.categories = categories;
    }

    private static double valueOf(Map<String, DecayingScore> scores, String key, Instant now,
                                  AffinitySettings settings) {
        DecayingScore score = key == null ? null : scores.get(key);
        return score == null ? 0 : score.valueAt(now.toEpochMilli(), settings.halfLife().toMillis());
    }

    private static void prune(Map<String, DecayingScore> scores, long now, long halfLife, int limit,
                              double forgetBelow) {
        scores.values().removeIf(score -> Math.abs(score.valueAt(now, halfLife)) < forgetBelow);
        if (scores.size() > limit) {
            List<String> keep = ranked(scores, now, halfLife).subList(0, limit);
            scores.keySet().retainAll(Set.copyOf(keep));
        }
    }

    /** Keys by decayed score, highest first, ties by key so pruning is deterministic. */
    private static List<String> ranked(Map<String, DecayingScore> scores, long now, long halfLife) {
        // Each decayed value once, not once per comparison.
        Map<String, Double> values = new HashMap<>();
        scores.forEach((key, score) -> values.put(key, score.valueAt(now, halfLife)));
        return values.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Double>>comparingDouble(entry -> -entry.getValue())
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey)
                .toList();
    }
}
