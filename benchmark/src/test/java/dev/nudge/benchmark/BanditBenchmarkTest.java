package dev.nudge.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A small version of {@code ./nudge bench bandit}, run on the job's sampler: it fails when the sampler stops being
 * Thompson sampling (a sampler that plays the best posterior mean, or draws from Beta(β, α), fails both tests).
 */
class BanditBenchmarkTest {

    /** 10⁵ of the paper's 10⁶ steps: after its first thousand steps the changing problem costs regret at a steady rate. */
    private static final long STEPS = 100_000;
    private static final double SCALE = (double) STEPS / 1_000_000;

    @Test
    void regretTracksChapelleAndLisThompsonSamplingFiguresScaledToTheShorterRun() {
        List<BanditBenchmark.TableRow> rows = BanditBenchmark.table1(ChapelleLiCase.THOMPSON, new int[] {1, 100}, 12, STEPS);

        for (BanditBenchmark.TableRow row : rows) {
            System.out.printf("δ %d: regret %.0f ± %.0f at %,d steps; the paper's TS %.0f and UCB %.0f scaled%n",
                    row.delta(), row.regret(), row.standardError(), STEPS, row.paperTs() * SCALE, row.paperUcb() * SCALE);
            assertThat(row.regret()).isCloseTo(row.paperTs() * SCALE, within(0.3 * row.paperTs() * SCALE));
            assertThat(row.regret()).isLessThan(row.paperUcb() * SCALE / 2);
        }
    }

    @Test
    void aDayOfDelayAddsRegretOnceAndThePosteriorIsCalibratedWhenTheWindowsHaveClosed() {
        List<BanditBenchmark.ProductRow> rows =
                BanditBenchmark.productCase(ChapelleLiCase.THOMPSON, new int[] {14, 42}, 1_000, 12);

        BanditBenchmark.ProductRow shorter = rows.get(0);
        BanditBenchmark.ProductRow longer = rows.get(1);
        rows.forEach(row -> System.out.println(row));
        // Additive: the delay's extra regret stays the same over three times the horizon.
        double extraShorter = shorter.delayed() - shorter.immediate();
        double extraLonger = longer.delayed() - longer.immediate();
        assertThat(extraShorter).isPositive();
        assertThat(extraLonger).isCloseTo(extraShorter, within(0.25 * extraShorter));
        assertThat(longer.lastWeekBestShare()).isGreaterThan(0.9);
        // Counting a success when it happens and a failure when the window closes leaves no bias once all have closed.
        assertThat(longer.bestEstimate()).isCloseTo(0.06, within(3 * longer.bestEstimateError() + 1e-4));
    }
}
