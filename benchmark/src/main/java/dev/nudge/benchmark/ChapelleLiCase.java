package dev.nudge.benchmark;

import dev.nudge.domain.bandit.BetaSampler;
import dev.nudge.domain.bandit.ThompsonSampler;

import java.util.SplittableRandom;

/**
 * The simulation behind Table 1 of Chapelle &amp; Li, "An Empirical Evaluation of Thompson Sampling" (NIPS 2011):
 * {@value #ARMS} Bernoulli arms whose success rates are drawn from Beta(4, 4); at every step, with probability
 * {@value #REPLACEMENT}, one arm chosen at random is replaced by a fresh one (a new rate from Beta(4, 4), its
 * statistics reset); the rewards of the plays are handed to the sampler in batches, every δ steps. That is the
 * paper's section 3 ("with probability 10⁻³ one of the item retires and is replaced by a new one"). Regret is the
 * expected one: the sum over steps of the best current rate minus the rate of the arm played. A reward of an arm
 * replaced before its batch arrives is dropped (it belongs to the old arm; the paper does not say). The sampler is {@link ThompsonSampler}, the job's own, with a Beta(1, 1) prior.
 */
final class ChapelleLiCase {

    static final int ARMS = 10;
    static final double REPLACEMENT = 1e-3;
    static final double RATE_SHAPE = 4;

    /** The sampler under test: the job's Thompson sampler, or a deliberately broken one in the tests. */
    interface Sampler {
        int choose(double[] alpha, double[] beta, SplittableRandom random, double[] draws);
    }

    static final Sampler THOMPSON = ThompsonSampler::choose;

    private ChapelleLiCase() {}

    /** The regret of one run of {@code steps} steps with feedback every {@code delta} steps. */
    static double regret(Sampler sampler, int delta, long steps, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] rate = new double[ARMS];
        double[] alpha = new double[ARMS];
        double[] beta = new double[ARMS];
        double[] draws = new double[ARMS];
        int[] generation = new int[ARMS];
        for (int arm = 0; arm < ARMS; arm++) {
            replace(arm, rate, alpha, beta, generation, random);
        }
        long replacedAt = nextReplacement(-1, random);
        double bestRate = max(rate);
        int[] batchArm = new int[delta];
        int[] batchGeneration = new int[delta];
        boolean[] batchReward = new boolean[delta];
        int batched = 0;
        double regret = 0;
        for (long step = 0; step < steps; step++) {
            if (replacedAt == step) {
                replace(random.nextInt(ARMS), rate, alpha, beta, generation, random);
                replacedAt = nextReplacement(step, random);
                bestRate = max(rate);
            }
            int arm = sampler.choose(alpha, beta, random, draws);
            regret += bestRate - rate[arm];
            batchArm[batched] = arm;
            batchGeneration[batched] = generation[arm];
            batchReward[batched] = random.nextDouble() < rate[arm];
            if (++batched == delta) {
                for (int i = 0; i < delta; i++) {
                    if (batchGeneration[i] == generation[batchArm[i]]) {
                        if (batchReward[i]) {
                            alpha[batchArm[i]]++;
                        } else {
                            beta[batchArm[i]]++;
                        }
                    }
                }
                batched = 0;
            }
        }
        return regret;
    }

    private static void replace(int arm, double[] rate, double[] alpha, double[] beta, int[] generation,
                                SplittableRandom random) {
        rate[arm] = BetaSampler.beta(RATE_SHAPE, RATE_SHAPE, random);
        alpha[arm] = 1;
        beta[arm] = 1;
        generation[arm]++;
    }

    /** The step of the next replacement after {@code step}: geometric, so the per-step coin need not be thrown. */
    private static long nextReplacement(long step, SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return step + 1 + (long) Math.floor(Math.log(u) / Math.log1p(-REPLACEMENT));
    }

    private static double max(double[] values) {
        double max = values[0];
        for (double value : values) {
            max = Math.max(max, value);
        }
        return max;
    }
}
