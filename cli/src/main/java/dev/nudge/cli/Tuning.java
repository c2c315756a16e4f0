package dev.nudge.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nudge.domain.definition.Delay;
import dev.nudge.domain.definition.SequenceDefinition;
import dev.nudge.domain.measure.ConversionLift;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the facts say a sequence's next version should change, each with its evidence, at 95% confidence:
 * <ul>
 *   <li>a step's variant whose texts convert (attributed orders per text) less than the step's best variant's
 *       (their recipients are randomized between them) is retired, as long as one variant stays;</li>
 *   <li>a step whose texts convert better sent at another whole number of days after the customer's last purchase
 *       (step 0) or after the previous step (later steps), with at least {@link #MIN_TEXTS_PER_DELAY} texts on each
 *       side, gets that delay;</li>
 *   <li>the hold-out share: a broken split changes nothing and says so; no hold-out gets one; an established lift
 *       needs a smaller hold-out, an unclear one a larger one.</li>
 * </ul>
 */
final class Tuning {

    static final int MIN_TEXTS_PER_DELAY = 30;
    static final int MIN_HOLDOUT_PERCENT = 5;
    static final int DEFAULT_HOLDOUT_PERCENT = 10;
    /** Below this half-width (in conversion points) a lift is measured well enough. */
    static final double PRECISE_ENOUGH = 0.05;

    /** One change: what to do and why, and how it edits the definition document. */
    record Recommendation(String text, Consumer<ObjectNode> change) {}

    private Tuning() {}

    static List<Recommendation> recommend(SequenceFacts facts, SequenceDefinition definition) {
        List<Recommendation> recommendations = new ArrayList<>();
        Optional<SequenceFacts.Comparison> whole = facts.comparisons().stream().filter(c -> c.step() == -1).findFirst();
        if (whole.isPresent() && whole.get().sampleRatioP() != null && whole.get().sampleRatioP() < 0.001) {
            recommendations.add(new Recommendation(String.format(Locale.ROOT,
                    "the split is broken (%d held out against %d%% of %d entries, p = %.2g): fix the assignment "
                            + "before acting on any figure; nothing else is changed", whole.get().heldOut(),
                    definition.holdoutPercent(), whole.get().treated() + whole.get().heldOut(),
                    whole.get().sampleRatioP()), document -> { }));
            return recommendations;
        }
        retireVariants(facts, definition, recommendations);
        moveDelays(facts, definition, recommendations);
        whole.ifPresent(comparison -> holdout(comparison, definition, recommendations));
        return recommendations;
    }

    private static void retireVariants(SequenceFacts facts, SequenceDefinition definition,
                                       List<Recommendation> recommendations) {
        for (int step = 0; step < definition.steps().size(); step++) {
            if (!definition.step(step).hasVariants()) {
                continue;
            }
            int index = step;
            List<SequenceFacts.TextConversions> variants = facts.perText().stream()
                    .filter(v -> v.step() == index && v.sent() > 0).toList();
            Optional<SequenceFacts.TextConversions> best = variants.stream()
                    .max(Comparator.comparingDouble(Tuning::rate));
            if (best.isEmpty()) {
                continue;
            }
            List<String> kept = new ArrayList<>(definition.step(step).variantIds());
            for (SequenceFacts.TextConversions variant : variants) {
                if (variant == best.get() || kept.size() == 1) {
                    continue;
                }
                ConversionLift against = new ConversionLift(variant.sent(), converted(variant), best.get().sent(),
                        converted(best.get()));
                ConversionLift.Interval interval = against.interval().orElseThrow();
                if (interval.high() < 0 && kept.remove(variant.variant())) {
                    String retired = variant.variant();
                    recommendations.add(new Recommendation(String.format(Locale.ROOT,
                            "retire step %d variant %s: %.1f%% of its texts converted against %.1f%% for variant %s, "
                                    + "%+.1f points [%+.1f, %+.1f] (95%%)%s", index, retired, 100 * rate(variant),
                            100 * rate(best.get()), best.get().variant(), 100 * against.lift().orElseThrow(),
                            100 * interval.low(), 100 * interval.high(), kept.size() == 1
                                    ? "; the step keeps one wording, variant " + kept.get(0) + "'s, as its templates"
                                    : ""),
                            document -> NextVersion.removeVariant(document, index, retired)));
                }
            }
        }
    }

    /** Orders attributed to the texts, at most one per text (a text's recipients are randomized between variants). */
    private static long converted(SequenceFacts.TextConversions variant) {
        return Math.min(variant.conversions(), variant.sent());
    }

    private static double rate(SequenceFacts.TextConversions variant) {
        return (double) converted(variant) / variant.sent();
    }

    private static void moveDelays(SequenceFacts facts, SequenceDefinition definition,
                                   List<Recommendation> recommendations) {
        for (int step = 0; step < definition.steps().size(); step++) {
            if (!(definition.step(step).delay() instanceof Delay.After after)) {
                continue;
            }
            int index = step;
            List<SequenceFacts.DelayBucket> buckets = (step == 0 ? facts.sincePurchase() : facts.sincePreviousStep())
                    .stream().filter(b -> b.step() == index && b.texts() >= MIN_TEXTS_PER_DELAY).toList();
            int currentDays = (int) after.duration().toDays();
            Optional<SequenceFacts.DelayBucket> current = buckets.stream().filter(b -> b.days() == currentDays).findFirst();
            Optional<SequenceFacts.DelayBucket> best = buckets.stream()
                    .max(Comparator.comparingDouble(b -> (double) b.converted() / b.texts()));
            if (current.isEmpty() || best.isEmpty() || best.get().days() == currentDays) {
                continue;
            }
            ConversionLift against = new ConversionLift(best.get().texts(), best.get().converted(),
                    current.get().texts(), current.get().converted());
            ConversionLift.Interval interval = against.interval().orElseThrow();
            if (interval.low() > 0) {
                Duration next = best.get().days() == 0 ? Duration.ofHours(12) : Duration.ofDays(best.get().days());
                String since = step == 0 ? "the customer's last purchase" : "the previous step";
                recommendations.add(new Recommendation(String.format(Locale.ROOT,
                        "%s step %d's delay from %s to %s: texts sent %d day(s) after %s convert %.1f%% (%d texts) "
                                + "against %.1f%% at %d day(s) (%d texts), %+.1f points [%+.1f, %+.1f] (95%%)",
                        next.compareTo(after.duration()) < 0 ? "shorten" : "widen", index,
                        NextVersion.iso(after.duration()), NextVersion.iso(next),
                        best.get().days(), since, 100.0 * best.get().converted() / best.get().texts(),
                        best.get().texts(), 100.0 * current.get().converted() / current.get().texts(), currentDays,
                        current.get().texts(), 100 * against.lift().orElseThrow(), 100 * interval.low(),
                        100 * interval.high()),
                        document -> NextVersion.setDelay(document, index, next)));
            }
        }
    }

    private static void holdout(SequenceFacts.Comparison whole, SequenceDefinition definition,
                                List<Recommendation> recommendations) {
        int share = definition.holdoutPercent();
        if (whole.heldOut() == 0 || share == 0) {
            recommendations.add(new Recommendation(String.format(Locale.ROOT,
                    "hold out %d%% of entries: without a hold-out no lift can be measured", DEFAULT_HOLDOUT_PERCENT),
                    document -> NextVersion.setHoldout(document, DEFAULT_HOLDOUT_PERCENT)));
            return;
        }
        if (whole.liftLow() == null || whole.liftHigh() == null) {
            return;
        }
        if (whole.liftLow() > 0 && share > MIN_HOLDOUT_PERCENT) {
            int next = Math.max(MIN_HOLDOUT_PERCENT, share / 2);
            recommendations.add(new Recommendation(String.format(Locale.ROOT,
                    "move the hold-out from %d%% to %d%%: the lift is established (%+.1f points [%+.1f, %+.1f]), "
                            + "so fewer customers need to go untexted", share, next, 100 * whole.lift(),
                    100 * whole.liftLow(), 100 * whole.liftHigh()),
                    document -> NextVersion.setHoldout(document, next)));
        } else if (whole.liftLow() <= 0 && whole.liftHigh() >= 0
                && (whole.liftHigh() - whole.liftLow()) / 2 > PRECISE_ENOUGH && share < SequenceDefinition.MAX_HOLDOUT_PERCENT) {
            int next = Math.min(SequenceDefinition.MAX_HOLDOUT_PERCENT, Math.max(DEFAULT_HOLDOUT_PERCENT, 2 * share));
            recommendations.add(new Recommendation(String.format(Locale.ROOT,
                    "move the hold-out from %d%% to %d%%: the lift is not clear yet (%+.1f points [%+.1f, %+.1f]) "
                            + "and a larger hold-out measures it sooner", share, next, 100 * whole.lift(),
                    100 * whole.liftLow(), 100 * whole.liftHigh()),
                    document -> NextVersion.setHoldout(document, next)));
        } else if (whole.liftHigh() < 0) {
            recommendations.add(new Recommendation(String.format(Locale.ROOT,
                    "the sequence lowers conversion (%+.1f points [%+.1f, %+.1f]): consider pausing it; the hold-out "
                            + "stays at %d%%", 100 * whole.lift(), 100 * whole.liftLow(), 100 * whole.liftHigh(), share),
                    document -> { }));
        }
    }

}
