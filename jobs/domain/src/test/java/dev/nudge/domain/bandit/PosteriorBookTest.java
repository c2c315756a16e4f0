package dev.nudge.domain.bandit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nudge.domain.bandit.ArmOutcome.Result;
import dev.nudge.domain.definition.DefinitionParseResult;
import dev.nudge.domain.definition.DefinitionParser;
import dev.nudge.domain.definition.SequenceDefinition;
import dev.nudge.domain.definition.VariantAllocation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Posterior counts, resets between versions, and order independence (what identical broadcast state needs). */
class PosteriorBookTest {

    private static final VariantAllocation CONVERSION = VariantAllocation.thompson();
    private static final VariantAllocation REVENUE = new VariantAllocation(VariantAllocation.Policy.THOMPSON,
            VariantAllocation.Metric.REVENUE, 5, 4_000L, 3, VariantAllocation.PosteriorPolicy.KEEP);

    @Test
    void conversionsAreSuccessesClosedWindowsFailuresAndAnOptOutCostsItsWeight() {
        PosteriorBook book = new PosteriorBook();
        book.record(outcome(1, "A", Result.CONVERTED, 1_000), CONVERSION);
        book.record(outcome(1, "A", Result.NOT_CONVERTED, 0), CONVERSION);
        book.record(outcome(1, "A", Result.OPTED_OUT, 0), REVENUE);
        book.record(outcome(1, "B", Result.CONVERTED, 1_000), REVENUE);
        book.record(outcome(1, "B", Result.CONVERTED, 9_000), REVENUE);
        book.record(outcome(1, "C", Result.CONVERTED, 1_000), VariantAllocation.HASH);

        assertThat(book.posterior("demo", "seq", 0, "A")).isEqualTo(new Posterior(2, 1 + 1 + 3));
        // 1,000 of a 4,000 cap is a quarter of a success and three quarters of a failure; 9,000 is a whole success.
        assertThat(book.posterior("demo", "seq", 0, "B")).isEqualTo(new Posterior(1 + 0.25 + 1, 1 + 0.75));
        assertThat(book.posterior("demo", "seq", 0, "C")).isEqualTo(Posterior.PRIOR);
        VariantAllocation offeredItem = new VariantAllocation(VariantAllocation.Policy.THOMPSON,
                VariantAllocation.Metric.OFFERED_ITEM, 5, null, 1, VariantAllocation.PosteriorPolicy.KEEP);
        book.record(new ArmOutcome("demo", "seq", 1, 0, "D", Result.CONVERTED, 900, false), offeredItem);
        book.record(new ArmOutcome("demo", "seq", 1, 0, "D", Result.CONVERTED, 900, true), offeredItem);
        assertThat(book.posterior("demo", "seq", 0, "D")).isEqualTo(new Posterior(2, 2));
        assertThat(book.posterior("demo", "seq", 1, "A")).isEqualTo(Posterior.PRIOR);
        assertThat(book.posterior("other-brand", "seq", 0, "A")).isEqualTo(Posterior.PRIOR);
    }

    @Test
    void aVersionThatKeepsGoesOnAndOneThatResetsCountsOnlyItsOwnTexts() {
        PosteriorBook book = new PosteriorBook();
        book.record(outcome(1, "A", Result.CONVERTED, 0), CONVERSION);
        book.declare(definition(2, "KEEP"));
        book.record(outcome(2, "A", Result.CONVERTED, 0), CONVERSION);
        assertThat(book.posterior("demo", "seq", 0, "A")).isEqualTo(new Posterior(3, 1));

        PosteriorBook.Reset reset = book.declare(definition(3, "RESET"));
        assertThat(reset.droppedCounts()).containsExactlyInAnyOrder("demo/seq/0/A/1", "demo/seq/0/A/2");
        assertThat(reset.firstCountedVersions()).containsEntry("demo/seq/0", 3);
        assertThat(book.posterior("demo", "seq", 0, "A")).isEqualTo(Posterior.PRIOR);
        assertThat(book.record(outcome(2, "A", Result.CONVERTED, 0), CONVERSION)).isEmpty();
        book.record(outcome(3, "A", Result.NOT_CONVERTED, 0), CONVERSION);
        assertThat(book.posterior("demo", "seq", 0, "A")).isEqualTo(new Posterior(1, 2));
        assertThat(book.size()).isEqualTo(1);
    }

    @Test
    void anyOrderOfTheSameOutcomesAndDefinitionsGivesTheSamePosteriors() {
        Random random = new Random(7);
        List<ArmOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            outcomes.add(outcome(1 + random.nextInt(3), random.nextBoolean() ? "A" : "B",
                    Result.values()[random.nextInt(3)], random.nextInt(6_000)));
        }
        List<PosteriorBook> books = new ArrayList<>();
        for (int order = 0; order < 3; order++) {
            PosteriorBook book = new PosteriorBook();
            List<Runnable> updates = new ArrayList<>();
            outcomes.forEach(outcome -> updates.add(() -> book.record(outcome, REVENUE)));
            updates.add(() -> book.declare(definition(2, "RESET")));
            updates.add(() -> book.declare(definition(3, "KEEP")));
            Collections.shuffle(updates, new Random(order));
            updates.forEach(Runnable::run);
            books.add(book);
        }
        for (String variant : List.of("A", "B")) {
            Posterior first = books.get(0).posterior("demo", "seq", 0, variant);
            assertThat(first.alpha() + first.beta()).isGreaterThan(50);
            for (PosteriorBook book : books) {
                Posterior posterior = book.posterior("demo", "seq", 0, variant);
                assertThat(posterior.alpha()).isCloseTo(first.alpha(), within(1e-9));
                assertThat(posterior.beta()).isCloseTo(first.beta(), within(1e-9));
            }
        }
    }

    @Test
    void restoredCountsAndStartsGiveBackTheSamePosteriors() {
        PosteriorBook book = new PosteriorBook();
        PosteriorBook restored = new PosteriorBook();
        book.declare(definition(2, "RESET")).firstCountedVersions().forEach(restored::restoreFirstCountedVersion);
        for (ArmOutcome outcome : List.of(outcome(2, "A", Result.CONVERTED, 0), outcome(3, "A", Result.OPTED_OUT, 0),
                outcome(1, "A", Result.CONVERTED, 0), outcome(3, "B", Result.NOT_CONVERTED, 0))) {
            book.record(outcome, REVENUE).ifPresent(entry -> restored.restoreCounts(entry.getKey(), entry.getValue()));
        }
        for (String variant : List.of("A", "B")) {
            assertThat(restored.posterior("demo", "seq", 0, variant)).isEqualTo(book.posterior("demo", "seq", 0, variant));
        }
    }

    private static ArmOutcome outcome(int version, String variant, Result result, long revenueMinor) {
        return new ArmOutcome("demo", "seq", version, 0, variant, result, revenueMinor, true);
    }

    private static SequenceDefinition definition(int version, String onNewVersion) {
        String yaml = """
                id: seq
                version: %d
                status: LIVE
                brandId: demo
                trigger: {type: CHECKOUT}
                steps:
                  - delay: {after: P1D}
                    variants:
                      A: {en-US: "Hi {firstName}"}
                      B: {en-US: "Hello {firstName}"}
                    allocation: THOMPSON
                    bandit: {onNewVersion: %s}
                reentry: {policy: NEVER}
                """.formatted(version, onNewVersion);
        return ((DefinitionParseResult.Accepted) DefinitionParser.parse(yaml)).definition();
    }
}
