package dev.nudge.domain.definition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One text of a sequence. variants maps variant id → locale tag → template; a step written with plain
 * {@code templates} has the single variant {@value #DEFAULT_VARIANT}. allocation says how its variants are given
 * out (by hash unless it says Thompson sampling).
 */
public record Step(Delay delay, OfferStrategy offer, Map<String, Map<String, String>> variants,
                   VariantAllocation allocation) {

    public static final String DEFAULT_VARIANT = "A";

    public Step {
        if (variants != null) {
            var copy = new LinkedHashMap<String, Map<String, String>>();
            variants.forEach((id, templates) -> copy.put(id, Map.copyOf(templates)));
            variants = Map.copyOf(copy);
        }
        if (allocation == null) {
            allocation = VariantAllocation.HASH;
        }
    }

    public Step(Delay delay, OfferStrategy offer, Map<String, Map<String, String>> variants) {
        this(delay, offer, variants, VariantAllocation.HASH);
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
