package dev.nudge.simulator;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A small, fully specified pseudo-random generator (SplitMix64), so a seed gives the same numbers on every JVM and
 * every Java version, for ever. Not thread-safe: give each thread, customer or text its own source.
 *
 * <p>{@link #derive(String)} makes an independent stream from the seed this source was <em>created</em> with and
 * a label, never from how far it has been used: the reaction to one text or the life of one customer does not
 * depend on what was drawn before it.
 */
public final class RandomSource {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private final long origin;
    private long state;

    private RandomSource(long origin) {
        this.origin = origin;
        this.state = origin;
    }

    public static RandomSource of(long seed) {
        return new RandomSource(mix(seed));
    }

    /** An independent stream for {@code label} ("customer:c00042", "intent:..."), the same however this one was used. */
    public RandomSource derive(String label) {
        return new RandomSource(mix(origin ^ mix(fnv1a(label))));
    }

    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, not " + bound);
        }
        return (int) (nextDouble() * bound);
    }

    /** Uniform in [min, max]. */
    public int between(int min, int max) {
        return min + nextInt(max - min + 1);
    }

    /** Uniform in [min, max). */
    public double uniform(double min, double max) {
        return min + nextDouble() * (max - min);
    }

    public boolean chance(double probability) {
        return nextDouble() < probability;
    }

    /** Standard normal, by Box-Muller (one draw wasted, for simplicity of state). */
    public double gaussian() {
        double u = 1.0 - nextDouble();
        double v = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }

    /** Log-normal with the given median and sigma of the underlying normal. */
    public double logNormal(double median, double sigma) {
        return median * Math.exp(sigma * gaussian());
    }

    /** Exponential with the given mean. */
    public double exponential(double mean) {
        return -mean * Math.log(1.0 - nextDouble());
    }

    /** Poisson-distributed count; exact for small means, a rounded normal for large ones. */
    public int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 40) {
            return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * gaussian()));
        }
        double limit = Math.exp(-mean);
        double product = nextDouble();
        int count = 0;
        while (product > limit) {
            product *= nextDouble();
            count++;
        }
        return count;
    }

    public <T> T pick(List<T> items) {
        return items.get(nextInt(items.size()));
    }

    /** Index {@code i} with probability {@code weights[i] / sum(weights)}. */
    public int weightedIndex(double[] weights) {
        double total = 0;
        for (double weight : weights) {
            total += weight;
        }
        double target = nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            target -= weights[i];
            if (target < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** The SplitMix64 finaliser: a bijection that spreads every input bit over the output. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long fnv1a(String label) {
        long hash = 0xCBF29CE484222325L;
        for (byte b : label.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= 0x100000001B3L;
        }
        return hash;
    }
}
