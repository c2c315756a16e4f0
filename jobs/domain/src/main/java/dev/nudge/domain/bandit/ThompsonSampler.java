package dev.nudge.domain.bandit;

import java.util.random.RandomGenerator;

/**
 * Thompson sampling over Bernoulli arms with Beta posteriors: draw a success rate from each arm's posterior and play
 * the arm with the highest draw, so each arm is played with the probability that it is the best one. The job's
 * variant choice and the benchmark both call {@link #choose}, so the benchmark measures the code that runs.
 */
public final class ThompsonSampler {

    private ThompsonSampler() {}

    /**
     * The index of the arm with the highest posterior draw; ties go to the lower index.
     *
     * @param alpha posterior α per arm (prior plus successes)
     * @param beta  posterior β per arm (prior plus failures)
     * @param draws receives each arm's draw, for the record of the decision; at least as long as {@code alpha}
     */
    public static int choose(double[] alpha, double[] beta, RandomGenerator random, double[] draws) {
        int best = 0;
        double bestDraw = -1;
        for (int arm = 0; arm < alpha.length; arm++) {
            double draw = BetaSampler.beta(alpha[arm], beta[arm], random);
            draws[arm] = draw;
            if (draw > bestDraw) {
                bestDraw = draw;
                best = arm;
            }
        }
        return best;
    }
}
