package dev.nudge.benchmark;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The product's case for the bandit: a step's variants convert within the attribution window with fixed rates, a
 * conversion comes a random delay after the text (exponential, mean {@link #MEAN_DELAY_SECONDS}, within the
 * window), and thousands of texts go out a day, evenly spread. The sampler learns as the job does: a success when
 * the conversion happens, a failure when the window closes without one. Two references: {@link Feedback#IMMEDIATE}
 * (every outcome known at send time, no delay) and {@link Feedback#AT_WINDOW_CLOSE} (successes held back too).
 */
final class DelayedConversionCase {

    static final long DAY_SECONDS = 86_400;
    static final long WINDOW_SECONDS = 7 * DAY_SECONDS;
    static final double MEAN_DELAY_SECONDS = DAY_SECONDS;
    /** Conversion within the window, per variant: close enough together that telling them apart takes days. */
    static final double[] RATES = {0.040, 0.050, 0.060};

    enum Feedback { IMMEDIATE, DELAYED, AT_WINDOW_CLOSE }

    /**
     * What the variants face: their conversion rates within the window (at most four variants), the window, the mean
     * of the exponential delay from text to conversion, and the texts a day.
     */
    record Setting(double[] rates, long windowSeconds, double meanDelaySeconds, int sendsPerDay) {
        /** The product's case: {@link #RATES}, a 7-day window, a day's mean delay. */
        static Setting product(int sendsPerDay) {
            return new Setting(RATES, WINDOW_SECONDS, MEAN_DELAY_SECONDS, sendsPerDay);
        }
    }

    /**
     * One run's figures.
     *
     * @param regret       expected regret: the best rate minus the rate of the variant sent, summed over the texts
     * @param bestShare    the share of the last week's texts that went to the best variant
     * @param bestEstimate the best variant's posterior mean once every window has closed
     */
    record Run(double regret, double bestShare, double bestEstimate) {}

    private DelayedConversionCase() {}

    static Run run(ChapelleLiCase.Sampler sampler, Feedback feedback, Setting setting, int days, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] rates = setting.rates();
        int sendsPerDay = setting.sendsPerDay();
        long window = setting.windowSeconds();
        int arms = rates.length;
        double best = Arrays.stream(rates).max().orElseThrow();
        int bestArm = 0;
        for (int arm = 1; arm < arms; arm++) {
            bestArm = rates[arm] > rates[bestArm] ? arm : bestArm;
        }
        double[] alpha = new double[arms];
        double[] beta = new double[arms];
        Arrays.fill(alpha, 1);
        Arrays.fill(beta, 1);
        double[] draws = new double[arms];
        long sends = (long) days * sendsPerDay;
        long lastWeekFrom = sends - 7L * sendsPerDay;
        // Pending outcomes by when they arrive, each (time << 2) | arm; successes and failures apart.
        LongHeap successes = new LongHeap();
        LongHeap failures = new LongHeap();
        double regret = 0;
        long lastWeek = 0;
        long lastWeekBest = 0;
        for (long i = 0; i < sends; i++) {
            long now = i * DAY_SECONDS / sendsPerDay;
            deliver(successes, now, alpha);
            deliver(failures, now, beta);
            int arm = sampler.choose(alpha, beta, random, draws);
            regret += best - rates[arm];
            if (i >= lastWeekFrom) {
                lastWeek++;
                lastWeekBest += arm == bestArm ? 1 : 0;
            }
            boolean converts = random.nextDouble() < rates[arm];
            switch (feedback) {
                case IMMEDIATE -> {
                    if (converts) {
                        alpha[arm]++;
                    } else {
                        beta[arm]++;
                    }
                }
                case DELAYED -> {
                    if (converts) {
                        successes.add(((now + delay(setting, random)) << 2) | arm);
                    } else {
                        failures.add(((now + window) << 2) | arm);
                    }
                }
                case AT_WINDOW_CLOSE -> (converts ? successes : failures).add(((now + window) << 2) | arm);
            }
        }
        deliver(successes, Long.MAX_VALUE >> 2, alpha);
        deliver(failures, Long.MAX_VALUE >> 2, beta);
        double estimate = (alpha[bestArm] - 1) / (alpha[bestArm] + beta[bestArm] - 2);
        return new Run(regret, lastWeek == 0 ? 0 : (double) lastWeekBest / lastWeek, estimate);
    }

    /** Exponential with the mean delay, drawn again while it falls outside the window (rarely: e^-7 here). */
    private static long delay(Setting setting, SplittableRandom random) {
        while (true) {
            long delay = (long) (-setting.meanDelaySeconds() * Math.log(1 - random.nextDouble()));
            if (delay < setting.windowSeconds()) {
                return delay;
            }
        }
    }

    /** Counts every pending outcome due at or before {@code now} into its arm's parameter. */
    private static void deliver(LongHeap pending, long now, double[] parameter) {
        while (!pending.isEmpty() && pending.peek() >> 2 <= now) {
            parameter[(int) (pending.poll() & 3)]++;
        }
    }

    /** A binary min-heap of longs: no boxing in the hot loop. */
    static final class LongHeap {
        private long[] values = new long[1024];
        private int size;

        boolean isEmpty() {
            return size == 0;
        }

        long peek() {
            return values[0];
        }

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            int at = size++;
            while (at > 0) {
                int parent = (at - 1) >>> 1;
                if (values[parent] <= value) {
                    break;
                }
                values[at] = values[parent];
                at = parent;
            }
            values[at] = value;
        }

        long poll() {
            long top = values[0];
            long last = values[--size];
            int at = 0;
            while (true) {
                int child = 2 * at + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && values[child + 1] < values[child]) {
                    child++;
                }
                if (values[child] >= last) {
                    break;
                }
                values[at] = values[child];
                at = child;
            }
            values[at] = last;
            return top;
        }
    }
}
