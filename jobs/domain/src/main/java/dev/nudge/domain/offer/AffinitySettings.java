package dev.nudge.domain.offer;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link BrowsingAffinity} weighs and forgets.
 *
 * @param halfLife      time for a signal's weight to halve (default 7 days)
 * @param maxSkus       skus kept per customer, the highest scores win (default 50)
 * @param maxCategories categories kept per customer (default 20)
 * @param forgetBelow   scores whose magnitude decayed below this are dropped (default 0.05: a single view is
 *                      forgotten after about 4.3 half-lives, a month with the default half-life)
 */
public record AffinitySettings(Duration halfLife, int maxSkus, int maxCategories, double forgetBelow) {

    public static final AffinitySettings DEFAULTS = new AffinitySettings(Duration.ofDays(7), 50, 20, 0.05);

    public AffinitySettings {
        Objects.requireNonNull(halfLife, "halfLife");
        if (halfLife.isNegative() || halfLife.isZero()) {
            throw new IllegalArgumentException("halfLife must be positive, got " + halfLife);
        }
        if (maxSkus < 1 || maxCategories < 1) {
            throw new IllegalArgumentException("keep at least one sku and one category");
        }
        if (forgetBelow < 0) {
            throw new IllegalArgumentException("forgetBelow must not be negative, got " + forgetBelow);
        }
    }
}
