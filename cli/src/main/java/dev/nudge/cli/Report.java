package dev.nudge.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Objects;

/** What the facts say, printed per step and variant: one block per row of the lift, then opt-outs and timing. */
final class Report {

    private Report() {}

    static void print(PrintWriter out, SequenceFacts facts) {
        out.println();
        out.println("Intention-to-treat lift over the hold-out (95% intervals):");
        for (SequenceFacts.Comparison row : facts.comparisons()) {
            String who = row.step() == -1 ? "whole sequence (randomized)"
                    : "step " + row.step() + " variant " + row.variant() + " (recipients vs hold-out)";
            out.printf(Locale.ROOT, "  %-44s texted %d/%d bought, held out %d/%d: %s%n", who, row.treatedConverted(),
                    row.treated(), row.heldOutConverted(), row.heldOut(), lift(row));
            if (!row.currency().isEmpty()) {
                out.printf(Locale.ROOT, "  %-44s revenue per customer %s %.2f vs %.2f%s%n", "", row.currency(),
                        row.treatedRevenuePerCustomer() / 100, row.heldOutRevenuePerCustomer() / 100,
                        row.revenueLiftLow() == null ? "" : String.format(Locale.ROOT,
                                ", difference [%+.2f, %+.2f]", row.revenueLiftLow() / 100, row.revenueLiftHigh() / 100));
            }
            if (row.step() == -1 && row.sampleRatioP() != null) {
                out.printf(Locale.ROOT, "  %-44s sample-ratio check p = %.3g%n", "", row.sampleRatioP());
            }
        }
        out.println();
        out.println("Opt-outs and time to convert, per step and variant:");
        for (SequenceFacts.OptOuts row : facts.optOuts()) {
            SequenceFacts.TimeToConvert time = facts.timesToConvert().stream()
                    .filter(t -> t.step() == row.step() && Objects.equals(t.variant(), row.variant()))
                    .findFirst().orElse(null);
            out.printf(Locale.ROOT, "  step %d variant %-4s %5d texts, opt-outs %.2f%% [%.2f, %.2f]; %s%n", row.step(),
                    row.variant(), row.texts(), 100 * row.rate(), 100 * row.low(), 100 * row.high(),
                    time == null ? "no conversion attributed" : String.format(Locale.ROOT,
                            "%d conversions, median %.1f h after the text (90%% within %.1f h)", time.conversions(),
                            time.medianHours(), time.p90Hours()));
        }
    }

    private static String lift(SequenceFacts.Comparison row) {
        if (row.lift() == null) {
            return row.verdict();
        }
        return String.format(Locale.ROOT, "lift %+.1f points [%+.1f, %+.1f]; %s", 100 * row.lift(),
                100 * row.liftLow(), 100 * row.liftHigh(), row.verdict());
    }
}
