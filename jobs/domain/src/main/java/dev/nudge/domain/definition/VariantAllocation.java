package dev.nudge.domain.definition;

/**
 * How a step's variants are given out: {@link Policy#HASH}, fixed even shares by customer hash
 * ({@link Assignment}), or {@link Policy#THOMPSON}, Thompson sampling over Beta posteriors of each variant's results.
 *
 * @param policy          how variants are chosen
 * @param metric          what counts as a success for the bandit
 * @param minSharePercent the share each variant gets at least, for exploration: that share of texts (times the
 *                        number of variants) picks a variant at random
 * @param revenueCapMinor for {@link Metric#REVENUE}: revenue at or above it counts as a whole success, less as that
 *                        fraction of one (the rest a failure); null for {@link Metric#CONVERSION}
 * @param optOutCost      how many failures an opt-out after the text counts as
 * @param onNewVersion    whether a new version of the definition keeps the posteriors or starts them afresh
 */
public record VariantAllocation(Policy policy, Metric metric, int minSharePercent, Long revenueCapMinor,
                                int optOutCost, PosteriorPolicy onNewVersion) {

    public enum Policy { HASH, THOMPSON }

    /**
     * CONVERSION: a purchase attributed within the attribution window; OFFERED_ITEM: one that holds the item the text
     * offered (the text's own effect, where baseline purchases would drown it); REVENUE: its revenue, capped.
     */
    public enum Metric { CONVERSION, OFFERED_ITEM, REVENUE }

    public enum PosteriorPolicy { KEEP, RESET }

    public static final VariantAllocation HASH = new VariantAllocation(Policy.HASH, Metric.CONVERSION, 0, null, 1,
            PosteriorPolicy.KEEP);
    public static final int DEFAULT_MIN_SHARE_PERCENT = 5;
    public static final int DEFAULT_OPT_OUT_COST = 1;
    public static final int MAX_OPT_OUT_COST = 10;

    public static VariantAllocation thompson() {
        return new VariantAllocation(Policy.THOMPSON, Metric.CONVERSION, DEFAULT_MIN_SHARE_PERCENT, null,
                DEFAULT_OPT_OUT_COST, PosteriorPolicy.KEEP);
    }

    public boolean isThompson() {
        return policy == Policy.THOMPSON;
    }
}
