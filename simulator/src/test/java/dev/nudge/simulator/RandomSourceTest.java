package dev.nudge.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RandomSourceTest {

    private static final long PINNED_FIRST = -7450291807549245335L;
    private static final long PINNED_SECOND = 2958219263312191191L;

    @Test
    void aSeedGivesTheSameNumbersOnEveryJvm() {
        // Pinned: a change here would silently change every simulated stream.
        RandomSource random = RandomSource.of(42);
        assertThat(new long[] {random.nextLong(), random.nextLong()}).containsExactly(PINNED_FIRST, PINNED_SECOND);
    }

    @Test
    void aDerivedStreamDependsOnTheSeedAndLabelOnlyNotOnUse() {
        RandomSource used = RandomSource.of(7);
        for (int i = 0; i < 1000; i++) {
            used.nextDouble();
        }
        RandomSource fresh = RandomSource.of(7);

        assertThat(used.derive("intent:abc").nextLong()).isEqualTo(fresh.derive("intent:abc").nextLong());
        assertThat(fresh.derive("intent:abc").nextLong()).isNotEqualTo(fresh.derive("intent:abd").nextLong());
        assertThat(RandomSource.of(8).derive("intent:abc").nextLong())
                .isNotEqualTo(fresh.derive("intent:abc").nextLong());
    }

    @Test
    void drawsHaveTheirDocumentedMeans() {
        RandomSource random = RandomSource.of(1);
        int n = 200_000;
        double uniform = 0;
        double poisson = 0;
        double exponential = 0;
        double gaussian = 0;
        for (int i = 0; i < n; i++) {
            uniform += random.nextDouble();
            poisson += random.poisson(3.0);
            exponential += random.exponential(5.0);
            gaussian += random.gaussian();
        }
        assertThat(uniform / n).isCloseTo(0.5, within(0.01));
        assertThat(poisson / n).isCloseTo(3.0, within(0.05));
        assertThat(exponential / n).isCloseTo(5.0, within(0.1));
        assertThat(gaussian / n).isCloseTo(0.0, within(0.01));
    }

    @Test
    void weightedIndexFollowsTheWeights() {
        RandomSource random = RandomSource.of(3);
        int[] counts = new int[3];
        for (int i = 0; i < 100_000; i++) {
            counts[random.weightedIndex(new double[] {1, 0, 3})]++;
        }
        assertThat(counts[1]).isZero();
        assertThat(counts[2] / (double) counts[0]).isCloseTo(3.0, within(0.15));
    }
}
