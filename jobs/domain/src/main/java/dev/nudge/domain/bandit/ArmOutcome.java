package dev.nudge.domain.bandit;

/**
 * The final result of one text for the bandit, from attribution: it converted within the window (with its revenue,
 * and whether the order held the offered item), the window closed without a conversion, or the customer opted out.
 */
public record ArmOutcome(String brandId, String sequenceId, int sequenceVersion, int step, String variant,
                         Result result, long revenueMinor, boolean offeredItem) {

    public enum Result { CONVERTED, NOT_CONVERTED, OPTED_OUT }
}
