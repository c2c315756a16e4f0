package dev.nudge.domain.bandit;

import dev.nudge.domain.definition.SequenceDefinition;
import dev.nudge.domain.definition.Step;
import dev.nudge.domain.definition.VariantAllocation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The bandit's memory: successes and failures per brand, sequence, step, variant and definition version, and per
 * step the version its posteriors count from (the newest version that declared {@code onNewVersion: RESET}).
 *
 * <p>Every update commutes (counts add up, the starting version only grows, outcomes of older versions are ignored
 * whether they come before or after the reset), so instances that see the same outcomes and definitions in
 * different orders hold the same posteriors. It holds only steps with Thompson allocation, each variant's versions
 * since its last reset: bounded by the definitions, not by the traffic.
 */
public final class PosteriorBook implements VariantPosteriors {

    /** brand/sequence/step/variant → version → counts. */
    private final Map<String, NavigableMap<Integer, ArmCounts>> counts = new HashMap<>();
    /** brand/sequence/step → the first version whose outcomes count. */
    private final Map<String, Integer> firstCountedVersion = new HashMap<>();

    /** What storing a definition changed: the count keys it dropped and the starting versions it set. */
    public record Reset(List<String> droppedCounts, Map<String, Integer> firstCountedVersions) {}

    @Override
    public Posterior posterior(String brandId, String sequenceId, int step, String variant) {
        NavigableMap<Integer, ArmCounts> byVersion = counts.get(armKey(brandId, sequenceId, step, variant));
        if (byVersion == null) {
            return Posterior.PRIOR;
        }
        double alpha = Posterior.PRIOR.alpha();
        double beta = Posterior.PRIOR.beta();
        int from = firstCountedVersion.getOrDefault(stepKey(brandId, sequenceId, step), 0);
        for (ArmCounts arm : byVersion.tailMap(from, true).values()) {
            alpha += arm.successes;
            beta += arm.failures;
        }
        return new Posterior(alpha, beta);
    }

    /**
     * Counts an outcome by the step's allocation: a conversion is a success (for OFFERED_ITEM only one that holds
     * the offered item; for revenue, the capped share of one, the rest a failure), a window closed without one a failure, an opt-out {@code optOutCost} failures. Returns the
     * updated counts under their key, or empty when the outcome does not count (no Thompson allocation, or a version
     * before the step's reset).
     */
    public Optional<Map.Entry<String, ArmCounts>> record(ArmOutcome outcome, VariantAllocation allocation) {
        if (!allocation.isThompson() || outcome.sequenceVersion()
                < firstCountedVersion.getOrDefault(stepKey(outcome.brandId(), outcome.sequenceId(), outcome.step()), 0)) {
            return Optional.empty();
        }
        double success = switch (outcome.result()) {
            case CONVERTED -> switch (allocation.metric()) {
                case CONVERSION -> 1.0;
                case OFFERED_ITEM -> outcome.offeredItem() ? 1.0 : 0.0;
                case REVENUE -> Math.min(1.0, Math.max(0, outcome.revenueMinor()) / (double) allocation.revenueCapMinor());
            };
            case NOT_CONVERTED, OPTED_OUT -> 0.0;
        };
        double failure = outcome.result() == ArmOutcome.Result.OPTED_OUT ? allocation.optOutCost() : 1.0 - success;
        ArmCounts arm = counts.computeIfAbsent(
                        armKey(outcome.brandId(), outcome.sequenceId(), outcome.step(), outcome.variant()),
                        key -> new TreeMap<>())
                .computeIfAbsent(outcome.sequenceVersion(), version -> new ArmCounts());
        arm.successes += success;
        arm.failures += failure;
        String key = countsKey(outcome.brandId(), outcome.sequenceId(), outcome.step(), outcome.variant(),
                outcome.sequenceVersion());
        return Optional.of(Map.entry(key, new ArmCounts(arm.successes, arm.failures)));
    }

    /** A definition version was accepted: each of its Thompson steps that says RESET counts from this version on. */
    public Reset declare(SequenceDefinition definition) {
        List<String> dropped = new ArrayList<>();
        Map<String, Integer> starts = new HashMap<>();
        for (int index = 0; index < definition.steps().size(); index++) {
            Step step = definition.step(index);
            if (!step.allocation().isThompson()
                    || step.allocation().onNewVersion() != VariantAllocation.PosteriorPolicy.RESET) {
                continue;
            }
            String stepKey = stepKey(definition.brandId(), definition.id(), index);
            int from = Math.max(definition.version(), firstCountedVersion.getOrDefault(stepKey, 0));
            firstCountedVersion.put(stepKey, from);
            starts.put(stepKey, from);
            String prefix = stepKey + "/";
            counts.forEach((armKey, byVersion) -> {
                if (armKey.startsWith(prefix)) {
                    NavigableMap<Integer, ArmCounts> old = byVersion.headMap(from, false);
                    old.keySet().forEach(version -> dropped.add(armKey + "/" + version));
                    old.clear();
                }
            });
        }
        counts.values().removeIf(NavigableMap::isEmpty);
        return new Reset(dropped, starts);
    }

    /** Restores stored counts (after a restart): {@link #countsKey} and its counts. */
    public void restoreCounts(String countsKey, ArmCounts arm) {
        int slash = countsKey.lastIndexOf('/');
        counts.computeIfAbsent(countsKey.substring(0, slash), key -> new TreeMap<>())
                .put(Integer.parseInt(countsKey.substring(slash + 1)), new ArmCounts(arm.successes, arm.failures));
    }

    /** Restores a step's starting version (after a restart). */
    public void restoreFirstCountedVersion(String stepKey, int version) {
        firstCountedVersion.merge(stepKey, version, Math::max);
    }

    /** How many (variant, version) counts are held: for tests and state-size checks. */
    public int size() {
        return counts.values().stream().mapToInt(Map::size).sum();
    }

    public static String countsKey(String brandId, String sequenceId, int step, String variant, int version) {
        return armKey(brandId, sequenceId, step, variant) + "/" + version;
    }

    private static String armKey(String brandId, String sequenceId, int step, String variant) {
        return stepKey(brandId, sequenceId, step) + "/" + variant;
    }

    private static String stepKey(String brandId, String sequenceId, int step) {
        return brandId + "/" + sequenceId + "/" + step;
    }
}
