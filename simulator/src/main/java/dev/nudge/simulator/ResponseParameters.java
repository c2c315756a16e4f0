package dev.nudge.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * The TRUE parameters of how simulated customers react to a text: what an experiment on the engine should be able
 * to recover. Conversions here are incremental: they come on top of what customers buy on their own (the
 * {@link ActivityGenerator}'s orders), which is exactly what a holdout group measures.
 *
 * <p>P(convert within the window | text) = {@code baseConversion} × ({@code relevanceBoost} if the offer is in a
 * category the customer likes or is an add-on or complement of something they bought) × the timing factor of the
 * local hour it arrived × {@code fatigueDecay}<sup>texts received in the 7 days before</sup>, at most 1.
 * <br>P(opt out | text) = {@code optOutBase} + {@code optOutPerRecentText} × texts received in the 7 days before,
 * at most {@code maxOptOut}; a customer who opts out does nothing else.
 * <br>Two optima are known in advance, for experiments to find: the variant {@code bestVariant} converts
 * {@code bestVariantLift} times as often as any other, and a text converts best {@code bestDelay} after the
 * customer's last purchase, falling off as exp(−ln²(delay / {@code bestDelay}) / (2 {@code delaySpread}²)).
 *
 * @param baseConversion         chance a text converts, before the factors; default 0.03
 * @param relevanceBoost         factor for a relevant offer; default 2.5
 * @param eveningFactor          timing factor 17:00–21:59 local; default 1.4
 * @param daytimeFactor          timing factor 08:00–16:59 local; default 1.0
 * @param nightFactor            timing factor 22:00–07:59 local; default 0.4
 * @param fatigueDecay           factor per text received in the previous 7 days; default 0.75
 * @param conversionWindow       conversions happen within this long after delivery; default 3 days
 * @param medianConversionDelay  median delay from delivery to purchase (log-normal, cut at the window); default 4 h
 * @param conversionDelaySigma   sigma of the log-normal delay; default 1.2
 * @param clickGivenConversion   chance a converting customer clicks the link first; default 0.7
 * @param clickWithoutConversion chance a customer who does not convert clicks anyway; default 0.06
 * @param optOutBase             chance of opting out with no recent texts; default 0.004
 * @param optOutPerRecentText    added chance per text received in the previous 7 days; default 0.012
 * @param maxOptOut              ceiling of the opt-out chance; default 0.5
 * @param questionProbability    chance of texting back a question; default 0.015
 * @param replyProbability       chance of another reply (positive when converting, else positive or negative);
 *                               default 0.03
 * @param negativeReplyShare     share of the replies of customers who do not convert that say no; default 0.6
 * @param bestVariant            the variant id that converts best; default "B"
 * @param bestVariantLift        its conversion factor against every other variant; default 1.5
 * @param bestDelay              the time after the last purchase at which a text converts best; default 1 day
 * @param delaySpread            how fast conversion falls off away from it, in natural-log units of the delay;
 *                               default 0.8 (twice or half the best delay converts 69% as well)
 */
public record ResponseParameters(
        double baseConversion,
        double relevanceBoost,
        double eveningFactor,
        double daytimeFactor,
        double nightFactor,
        double fatigueDecay,
        Duration conversionWindow,
        Duration medianConversionDelay,
        double conversionDelaySigma,
        double clickGivenConversion,
        double clickWithoutConversion,
        double optOutBase,
        double optOutPerRecentText,
        double maxOptOut,
        double questionProbability,
        double replyProbability,
        double negativeReplyShare,
        String bestVariant,
        double bestVariantLift,
        Duration bestDelay,
        double delaySpread) {

    public ResponseParameters {
        Objects.requireNonNull(conversionWindow, "conversionWindow");
        Objects.requireNonNull(bestVariant, "bestVariant");
        Objects.requireNonNull(bestDelay, "bestDelay");
        if (bestDelay.isNegative() || bestDelay.isZero() || delaySpread <= 0) {
            throw new IllegalArgumentException("the best delay and the delay spread must be positive");
        }
        Objects.requireNonNull(medianConversionDelay, "medianConversionDelay");
        if (conversionWindow.isNegative() || conversionWindow.isZero()) {
            throw new IllegalArgumentException("the conversion window must be positive");
        }
        for (double p : new double[] {baseConversion, fatigueDecay, clickGivenConversion, clickWithoutConversion,
                optOutBase, optOutPerRecentText, maxOptOut, questionProbability, replyProbability, negativeReplyShare}) {
            if (p < 0 || p > 1) {
                throw new IllegalArgumentException("probabilities and the fatigue decay lie in [0, 1], not " + p);
            }
        }
        if (relevanceBoost < 0 || bestVariantLift < 0 || eveningFactor < 0 || daytimeFactor < 0 || nightFactor < 0) {
            throw new IllegalArgumentException("factors cannot be negative");
        }
    }

    public static ResponseParameters defaults() {
        return new ResponseParameters(0.03, 2.5, 1.4, 1.0, 0.4, 0.75, Duration.ofDays(3), Duration.ofHours(4), 1.2,
                0.7, 0.06, 0.004, 0.012, 0.5, 0.015, 0.03, 0.6, "B", 1.5, Duration.ofDays(1), 0.8);
    }

    /** The variant factor: {@code bestVariantLift} for the best variant, 1 for the others. */
    public double variantFactor(String variant) {
        return bestVariant.equals(variant) ? bestVariantLift : 1.0;
    }

    /** The delay factor of a text {@code sinceLastPurchase} after the customer's last purchase: 1 at the best delay. */
    public double delayFactor(Duration sinceLastPurchase) {
        double ratio = Math.max(1, sinceLastPurchase.toMinutes()) / (double) bestDelay.toMinutes();
        double logRatio = Math.log(ratio);
        return Math.exp(-logRatio * logRatio / (2 * delaySpread * delaySpread));
    }

    /** The timing factor of a local hour 0..23. */
    public double timingFactor(int localHour) {
        if (localHour >= 17 && localHour < 22) {
            return eveningFactor;
        }
        return localHour >= 8 && localHour < 17 ? daytimeFactor : nightFactor;
    }

    public ResponseParameters withBaseConversion(double baseConversion) {
        return new ResponseParameters(baseConversion, relevanceBoost, eveningFactor, daytimeFactor, nightFactor,
                fatigueDecay, conversionWindow, medianConversionDelay, conversionDelaySigma, clickGivenConversion,
                clickWithoutConversion, optOutBase, optOutPerRecentText, maxOptOut, questionProbability,
                replyProbability, negativeReplyShare, bestVariant, bestVariantLift, bestDelay, delaySpread);
    }

    public ResponseParameters withBestVariant(String bestVariant, double bestVariantLift) {
        return new ResponseParameters(baseConversion, relevanceBoost, eveningFactor, daytimeFactor, nightFactor,
                fatigueDecay, conversionWindow, medianConversionDelay, conversionDelaySigma, clickGivenConversion,
                clickWithoutConversion, optOutBase, optOutPerRecentText, maxOptOut, questionProbability,
                replyProbability, negativeReplyShare, bestVariant, bestVariantLift, bestDelay, delaySpread);
    }

    public ResponseParameters withBestDelay(Duration bestDelay, double delaySpread) {
        return new ResponseParameters(baseConversion, relevanceBoost, eveningFactor, daytimeFactor, nightFactor,
                fatigueDecay, conversionWindow, medianConversionDelay, conversionDelaySigma, clickGivenConversion,
                clickWithoutConversion, optOutBase, optOutPerRecentText, maxOptOut, questionProbability,
                replyProbability, negativeReplyShare, bestVariant, bestVariantLift, bestDelay, delaySpread);
    }
}
