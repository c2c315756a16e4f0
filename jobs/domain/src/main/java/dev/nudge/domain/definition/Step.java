package dev.nudge.domain.definition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One text of a sequence. variants maps variant id → locale tag → template; a step written with plain
 * {@code templates} has the single variant {@value #DEFAULT_VARIANT}.
 */
public record Step(Delay delay, OfferStrategy offer, Map<String, Map<String, String>> variants) {

    public static final String DEFAULT_VARIANT = "A";

    public Step {
        if (variants != null) {
            var copy = new LinkedHashMap<String, Map<String, String>>();
            variants.forEach((id, templates) -> copy.put(id, Map.copyOf(templates)));
            variants = Map.copyOf(copy);
        }
    }

    public static Step of(Delay delay, OfferStrategy offer, Map<String, String> templates) {
        return new Step(delay, offer, Map.of(DEFAULT_VARIANT, templates));
    }

    /** The templates of the default variant, by locale tag. */
    public Map<String, String> templates() {
        return variants.get(DEFAULT_VARIANT);
    }

    /** The templates of a variant, falling back to the default variant when the step does not have it. */
    public Map<String, String> templates(String variantId) {
        return variants.getOrDefault(variantId, templates());
    }

    /** Variant ids in a stable order. */
    public List<String> variantIds() {
        return variants.keySet().stream().sorted().toList();
    }

    public boolean hasVariants() {
        return variants.size() > 1;
    }
}
