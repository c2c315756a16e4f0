package dev.nudge.analytics;

/**
 * The textbook intervals, written out here independently of the SQL that reports them, so tests can work out from a
 * script's own counts what the queries must say. 95% everywhere.
 */
public final class ReferenceStatistics {

    /** The 97.5% standard normal quantile. */
    public static final double Z = 1.959963984540054;

    private ReferenceStatistics() {}

    public record Interval(double low, double high) {
        public boolean contains(double value) {
            return low <= value && value <= high;
        }
    }

    /** Wilson's score interval for {@code successes} out of {@code n}. */
    public static Interval wilson(long successes, long n) {
        double p = (double) successes / n;
        double z2 = Z * Z;
        double centre = (p + z2 / (2.0 * n)) / (1 + z2 / n);
        double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new Interval(centre - half, centre + half);
    }

    /** Newcombe's hybrid score interval (his method 10) for the difference p1 - p0 of two independent proportions. */
    public static Interval newcombe(long successes1, long n1, long successes0, long n0) {
        double p1 = (double) successes1 / n1;
        double p0 = (double) successes0 / n0;
        Interval w1 = wilson(successes1, n1);
        Interval w0 = wilson(successes0, n0);
        double d = p1 - p0;
        return new Interval(d - Math.sqrt(sq(p1 - w1.low()) + sq(w0.high() - p0)),
                d + Math.sqrt(sq(w1.high() - p1) + sq(p0 - w0.low())));
    }

    /**
     * Welch's interval for the difference of the means of two samples (values1 - values0), with the
     * Welch-Satterthwaite degrees of freedom rounded down.
     */
    public static Interval welch(double[] values1, double[] values0) {
        double m1 = mean(values1);
        double m0 = mean(values0);
        double a = variance(values1, m1) / values1.length;
        double b = variance(values0, m0) / values0.length;
        double se = Math.sqrt(a + b);
        double df = sq(a + b) / (sq(a) / (values1.length - 1) + sq(b) / (values0.length - 1));
        double t = studentQuantile975((int) Math.max(1, Math.floor(df)));
        return new Interval(m1 - m0 - t * se, m1 - m0 + t * se);
    }

    /** The 97.5% quantile of Student's t with whole degrees of freedom, by bisection on its exact distribution. */
    static double studentQuantile975(int degrees) {
        double low = 0;
        double high = 100;
        for (int i = 0; i < 200; i++) {
            double middle = (low + high) / 2;
            if (twoSidedProbability(middle, degrees) < 0.95) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return (low + high) / 2;
    }

    /** P(|T| <= t) for whole degrees of freedom (Abramowitz and Stegun 26.7.3 and 26.7.4). */
    private static double twoSidedProbability(double t, int degrees) {
        double theta = Math.atan(t / Math.sqrt(degrees));
        double cos2 = sq(Math.cos(theta));
        if (degrees % 2 == 1) {
            double sum = 0;
            double term = 1;
            for (int k = 3; k <= degrees; k += 2) {
                sum += term;
                term *= cos2 * (k - 1) / k;
            }
            return 2 / Math.PI * (theta + (degrees > 1 ? Math.sin(theta) * Math.cos(theta) * sum : 0));
        }
        double sum = 0;
        double term = 1;
        for (int k = 2; k <= degrees; k += 2) {
            sum += term;
            term *= cos2 * (k - 1) / k;
        }
        return Math.sin(theta) * sum;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    private static double variance(double[] values, double mean) {
        double sum = 0;
        for (double value : values) {
            sum += sq(value - mean);
        }
        return sum / (values.length - 1);
    }

    private static double sq(double x) {
        return x * x;
    }
}
