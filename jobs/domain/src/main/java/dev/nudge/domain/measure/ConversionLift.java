package dev.nudge.domain.measure;

import java.util.Locale;
import java.util.Optional;

/**
 * An intention-to-treat comparison of two arms' conversion: every entered customer counts in its arm, converted or
 * not. The same figures sql/queries/03_holdout_lift.sql reports, for the places that have no warehouse (the replay).
 *
 * @param treated           customers who entered and could be texted
 * @param treatedConverted  of them, those who bought in their window
 * @param heldOut           customers who entered but were held out
 * @param heldOutConverted  of them, those who bought in their window
 */
public record ConversionLift(long treated, long treatedConverted, long heldOut, long heldOutConverted) {

    /** The 97.5% standard normal quantile: 95% intervals. */
    private static final double Z = 1.959963984540054;

    /** A 95% interval. */
    public record Interval(double low, double high) {
        public boolean excludesZero() {
            return low > 0 || high < 0;
        }
    }

    public ConversionLift {
        if (treatedConverted < 0 || treatedConverted > treated || heldOutConverted < 0 || heldOutConverted > heldOut) {
            throw new IllegalArgumentException("converted customers must be between 0 and the arm's size");
        }
    }

    public double treatedRate() {
        return treated == 0 ? 0 : (double) treatedConverted / treated;
    }

    public double heldOutRate() {
        return heldOut == 0 ? 0 : (double) heldOutConverted / heldOut;
    }

    /** p1 - p0; empty when an arm is empty: without a hold-out there is no lift, not a lift of zero. */
    public Optional<Double> lift() {
        return measurable() ? Optional.of(treatedRate() - heldOutRate()) : Optional.empty();
    }

    /** Newcombe's hybrid score interval (method 10) for p1 - p0; empty when an arm is empty. */
    public Optional<Interval> interval() {
        if (!measurable()) {
            return Optional.empty();
        }
        double p1 = treatedRate();
        double p0 = heldOutRate();
        Interval w1 = wilson(treatedConverted, treated);
        Interval w0 = wilson(heldOutConverted, heldOut);
        return Optional.of(new Interval(
                p1 - p0 - Math.sqrt(square(p1 - w1.low()) + square(w0.high() - p0)),
                p1 - p0 + Math.sqrt(square(w1.high() - p1) + square(p0 - w0.low()))));
    }

    /** One line for a person: the rates, the lift and its interval, or why there is none. */
    public String describe() {
        String arms = String.format(Locale.ROOT, "entered and texted %d of %d bought (%.1f%%), held out %d of %d (%s)",
                treatedConverted, treated, 100 * treatedRate(), heldOutConverted, heldOut,
                heldOut == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * heldOutRate()));
        if (heldOut == 0) {
            return arms + "; no hold-out: no lift can be measured";
        }
        if (treated == 0) {
            return arms + "; nobody texted: no lift can be measured";
        }
        Interval interval = interval().orElseThrow();
        return arms + String.format(Locale.ROOT, "; lift %+.1f points, 95%% interval [%+.1f, %+.1f]%s",
                100 * lift().orElseThrow(), 100 * interval.low(), 100 * interval.high(),
                interval.excludesZero() ? "" : " (contains 0: no significant difference)");
    }

    private boolean measurable() {
        return treated > 0 && heldOut > 0;
    }

    /** Wilson's score interval for a proportion. */
    static Interval wilson(long successes, long n) {
        double p = (double) successes / n;
        double z2 = Z * Z;
        double centre = (p + z2 / (2.0 * n)) / (1 + z2 / n);
        double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new Interval(centre - half, centre + half);
    }

    private static double square(double x) {
        return x * x;
    }
}
