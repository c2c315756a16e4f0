package dev.nudge.benchmark;

import dev.nudge.cli.BanditOptions;
import dev.nudge.platform.cli.CommandLines;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * {@code ./nudge bench bandit}: the job's Thompson sampler ({@code dev.nudge.domain.bandit.ThompsonSampler}) against
 * the published record and in the product's case. Runs go in parallel over the machine's cores; each run has its
 * own seed, so the figures are the same on every machine.
 *
 * <ol>
 *   <li>Table 1 of Chapelle &amp; Li, "An Empirical Evaluation of Thompson Sampling", NIPS 2011, pp. 2249–2257
 *       ({@link ChapelleLiCase}): mean regret over the runs at T steps for each δ, next to the paper's Thompson
 *       sampling and UCB figures;</li>
 *   <li>the product case ({@link DelayedConversionCase}): regret with conversions a day late and failures at the
 *       7-day window's close, against immediate feedback, at several horizons; and the best variant's posterior
 *       mean once every window has closed, against its true rate and against immediate feedback's.</li>
 * </ol>
 */
public final class BanditBenchmark {

    static final int[] DELTAS = {1, 3, 10, 32, 100, 316, 1000};
    /**
     * Chapelle &amp; Li 2011, Table 1, "Influence of the delay: regret when the feedback is provided every δ steps",
     * as printed in the paper (checked against its text, see BENCHMARKS.md).
     */
    static final double[] PAPER_UCB = {24_145, 24_695, 25_662, 28_148, 37_141, 77_687, 226_220};
    static final double[] PAPER_TS = {9_105, 9_199, 9_049, 9_451, 11_550, 21_594, 59_256};
    static final int[] HORIZON_DAYS = {14, 28, 56, 112};
    /** The demo's bandit step: variant A's rate, B's lifts, texts a day (12 at 2,000 customers, 60 at 10,000). */
    static final double DEMO_BASE_RATE = 0.025;
    static final double[] DEMO_LIFTS = {1.5, 3};
    static final int[] DEMO_SENDS_PER_DAY = {12, 30, 60};
    /** The step's texts start two days in (its delay after a checkout) and run to the end of the month. */
    static final int DEMO_DAYS = 28;
    static final int DEMO_MIN_SHARE_PERCENT = 5;


    /** One δ of Table 1: our mean regret and its standard error, with the paper's figures. */
    record TableRow(int delta, double regret, double standardError, double paperTs, double paperUcb) {
        double relativeToPaper() {
            return regret / paperTs - 1;
        }
    }

    /** One setting of the demo's step: the better variant's share of the last week's texts over the runs. */
    record DemoStepRow(double lift, int sendsPerDay, double meanShare, double tenthPercentileShare) {}

    /** One horizon of the product case, each figure a mean over the runs. */
    record ProductRow(int days, double immediate, double delayed, double atWindowClose, double lastWeekBestShare,
                      double bestEstimate, double bestEstimateError, double immediateBestEstimate) {}

    private BanditBenchmark() {}

    public static void main(String... args) {
        BanditOptions options = CommandLines.parse(new BanditOptions(), args);
        report(System.out, options.runs(), options.steps(), options.sendsPerDay());
    }

    static void report(PrintStream out, int runs, long steps, int sendsPerDay) {
        long started = System.nanoTime();
        out.printf("Thompson sampling against Chapelle & Li (2011), Table 1: %d runs of %,d steps per delay, %d cores%n%n",
                runs, steps, Runtime.getRuntime().availableProcessors());
        out.println("| δ | our TS regret (± s.e.) | paper TS | ours vs paper TS | paper UCB | ours / paper UCB |");
        out.println("|---:|---:|---:|---:|---:|---:|");
        for (TableRow row : table1(ChapelleLiCase.THOMPSON, DELTAS, runs, steps)) {
            out.printf("| %d | %,.0f (± %,.0f) | %,.0f | %+.1f%% | %,.0f | %.2f |%n", row.delta(), row.regret(),
                    row.standardError(), row.paperTs(), 100 * row.relativeToPaper(), row.paperUcb(),
                    row.regret() / row.paperUcb());
        }
        out.printf("%nProduct case: variants converting %s within a 7-day window, conversions an exponential mean "
                + "1 day after the text, %,d texts a day, %d runs per horizon%n%n", Arrays.toString(DelayedConversionCase.RATES),
                sendsPerDay, runs);
        out.println("| days | regret, immediate feedback | regret, successes when they happen, failures at window "
                + "close | extra regret from the delay | ratio | regret, everything at window close | best variant's "
                + "share, last week | best variant's posterior mean at window close (true 0.060) | the same, immediate "
                + "feedback |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (ProductRow row : productCase(ChapelleLiCase.THOMPSON, HORIZON_DAYS, sendsPerDay, runs)) {
            out.printf("| %d | %,.1f | %,.1f | %,.1f | %.2f | %,.1f | %.3f | %.5f (± %.5f) | %.5f |%n", row.days(),
                    row.immediate(), row.delayed(), row.delayed() - row.immediate(), row.delayed() / row.immediate(),
                    row.atWindowClose(), row.lastWeekBestShare(), row.bestEstimate(), row.bestEstimateError(),
                    row.immediateBestEstimate());
        }
        out.printf("%nThe demo's bandit step (./nudge demo --sequences demo/bandit): A converting %.3f within its 3-day "
                + "window, B the lift times that, conversions an exponential mean 8 h after the text, %d days of texts, "
                + "a %d%% minimum share per variant, %d runs each%n%n", DEMO_BASE_RATE, DEMO_DAYS, DEMO_MIN_SHARE_PERCENT,
                runs);
        out.println("| B's lift | texts a day | B's share of the last week's texts, mean | one run in ten below |");
        out.println("|---:|---:|---:|---:|");
        for (DemoStepRow row : demoStep(ChapelleLiCase.THOMPSON, runs)) {
            out.printf("| ×%.1f | %d | %.2f | %.2f |%n", row.lift(), row.sendsPerDay(), row.meanShare(),
                    row.tenthPercentileShare());
        }
        out.printf("%nTook %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    /** Table 1 for the given delays; runs in parallel, run r seeded with r. */
    static List<TableRow> table1(ChapelleLiCase.Sampler sampler, int[] deltas, int runs, long steps) {
        List<TableRow> rows = new ArrayList<>();
        for (int delta : deltas) {
            double[] regrets = IntStream.range(0, runs).parallel()
                    .mapToDouble(run -> ChapelleLiCase.regret(sampler, delta, steps, run)).toArray();
            int paper = Arrays.binarySearch(DELTAS, delta);
            rows.add(new TableRow(delta, mean(regrets), standardError(regrets),
                    paper >= 0 ? PAPER_TS[paper] : Double.NaN, paper >= 0 ? PAPER_UCB[paper] : Double.NaN));
        }
        return rows;
    }

    /** The demo's step for each lift and daily volume, chosen as the job chooses (with the minimum share). */
    static List<DemoStepRow> demoStep(ChapelleLiCase.Sampler sampler, int runs) {
        ChapelleLiCase.Sampler withMinimumShare = withMinimumShare(sampler, DEMO_MIN_SHARE_PERCENT);
        List<DemoStepRow> rows = new ArrayList<>();
        for (double lift : DEMO_LIFTS) {
            for (int sendsPerDay : DEMO_SENDS_PER_DAY) {
                DelayedConversionCase.Setting setting = new DelayedConversionCase.Setting(
                        new double[] {DEMO_BASE_RATE, DEMO_BASE_RATE * lift}, 3 * DelayedConversionCase.DAY_SECONDS,
                        8 * 3_600, sendsPerDay);
                double[] shares = IntStream.range(0, runs).parallel()
                        .mapToDouble(run -> DelayedConversionCase.run(withMinimumShare,
                                DelayedConversionCase.Feedback.DELAYED, setting, DEMO_DAYS, run).bestShare())
                        .sorted().toArray();
                rows.add(new DemoStepRow(lift, sendsPerDay, mean(shares), shares[shares.length / 10]));
            }
        }
        return rows;
    }

    /** As {@code VariantChooser} does: a share of the texts (the minimum share times the variants) picks at random. */
    static ChapelleLiCase.Sampler withMinimumShare(ChapelleLiCase.Sampler sampler, int minSharePercent) {
        return (alpha, beta, random, draws) -> {
            int chosen = sampler.choose(alpha, beta, random, draws);
            return random.nextDouble() < alpha.length * minSharePercent / 100.0 ? random.nextInt(alpha.length) : chosen;
        };
    }

    /** The product case at each horizon, every feedback mode on the same seeds. */
    static List<ProductRow> productCase(ChapelleLiCase.Sampler sampler, int[] horizonDays, int sendsPerDay, int runs) {
        List<ProductRow> rows = new ArrayList<>();
        for (int days : horizonDays) {
            List<DelayedConversionCase.Run> immediate = runs(sampler, DelayedConversionCase.Feedback.IMMEDIATE, days, sendsPerDay, runs);
            List<DelayedConversionCase.Run> delayed = runs(sampler, DelayedConversionCase.Feedback.DELAYED, days, sendsPerDay, runs);
            List<DelayedConversionCase.Run> atClose = runs(sampler, DelayedConversionCase.Feedback.AT_WINDOW_CLOSE, days, sendsPerDay, runs);
            double[] estimates = delayed.stream().mapToDouble(DelayedConversionCase.Run::bestEstimate).toArray();
            rows.add(new ProductRow(days, meanRegret(immediate), meanRegret(delayed), meanRegret(atClose),
                    delayed.stream().mapToDouble(DelayedConversionCase.Run::bestShare).average().orElse(0),
                    mean(estimates), standardError(estimates),
                    immediate.stream().mapToDouble(DelayedConversionCase.Run::bestEstimate).average().orElse(0)));
        }
        return rows;
    }

    private static List<DelayedConversionCase.Run> runs(ChapelleLiCase.Sampler sampler,
                                                        DelayedConversionCase.Feedback feedback, int days,
                                                        int sendsPerDay, int runs) {
        return IntStream.range(0, runs).parallel()
                .mapToObj(run -> DelayedConversionCase.run(sampler, feedback,
                        DelayedConversionCase.Setting.product(sendsPerDay), days, run)).toList();
    }

    private static double meanRegret(List<DelayedConversionCase.Run> runs) {
        return runs.stream().mapToDouble(DelayedConversionCase.Run::regret).average().orElse(0);
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    private static double standardError(double[] values) {
        double mean = mean(values);
        double squares = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
        return values.length < 2 ? 0 : Math.sqrt(squares / (values.length - 1) / values.length);
    }
}
