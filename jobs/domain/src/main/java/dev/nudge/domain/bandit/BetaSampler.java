package dev.nudge.domain.bandit;

import java.util.random.RandomGenerator;

/**
 * Draws from Beta distributions as X / (X + Y) with X ~ Gamma(α), Y ~ Gamma(β), each gamma by Marsaglia and Tsang's
 * squeeze method ("A simple method for generating gamma variables", ACM TOMS 26(3), 2000): one normal and one or two
 * uniforms per draw on average, no tables, primitives only, so the hot loop of a sampler never allocates.
 */
public final class BetaSampler {

    private BetaSampler() {}

    /** One draw from Beta(alpha, beta); both parameters positive. */
    public static double beta(double alpha, double beta, RandomGenerator random) {
        double x = gamma(alpha, random);
        double y = gamma(beta, random);
        return x / (x + y);
    }

    /** One draw from Gamma(shape, 1); a shape below 1 is boosted: Gamma(a) = Gamma(a + 1) · U^(1/a). */
    public static double gamma(double shape, RandomGenerator random) {
        if (shape < 1) {
            double u = random.nextDouble();
            return gamma(shape + 1, random) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = random.nextGaussian();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = random.nextDouble();
            double xx = x * x;
            if (u < 1 - 0.0331 * xx * xx) {
                return d * v;
            }
            if (Math.log(u) < 0.5 * xx + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }
}
