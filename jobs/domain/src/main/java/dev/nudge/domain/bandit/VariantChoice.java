package dev.nudge.domain.bandit;

import dev.nudge.domain.definition.VariantAllocation;

import java.util.List;

/**
 * The variant a text got and why: by hash (no draws), or by Thompson sampling with every variant's posterior and
 * draw; {@code explored} when the exploration share picked it at random instead of the highest draw.
 */
public record VariantChoice(String variant, VariantAllocation.Policy policy, boolean explored, List<VariantDraw> draws) {

    public VariantChoice {
        draws = List.copyOf(draws);
    }

    public static VariantChoice byHash(String variant) {
        return new VariantChoice(variant, VariantAllocation.Policy.HASH, false, List.of());
    }
}
