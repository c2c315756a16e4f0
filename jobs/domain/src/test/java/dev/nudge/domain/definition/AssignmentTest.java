package dev.nudge.domain.definition;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class AssignmentTest {

    private final SequenceDefinition grinder = Definitions.accepted(Definitions.resource("every-field.yaml")); // 20 % holdout

    @Test
    void holdsOutAboutTheConfiguredShare() {
        long heldOut = IntStream.range(0, 20_000).filter(i -> Assignment.heldOut(grinder, "customer-" + i)).count();

        assertThat(heldOut).isBetween(3_700L, 4_300L);
        assertThat(IntStream.range(0, 1_000).noneMatch(i ->
                Assignment.heldOut(grinder.withVersion(9).withStatus(DefinitionStatus.LIVE), "c" + i) != Assignment.heldOut(grinder, "c" + i)))
                .as("a new version does not reshuffle anyone").isTrue();
    }

    @Test
    void splitsVariantsEvenlyAndKeepsEachCustomerOnOne() {
        long b = IntStream.range(0, 20_000).filter(i -> Assignment.variantFor(grinder, 1, "customer-" + i).equals("B")).count();

        assertThat(b).isBetween(9_500L, 10_500L);
        assertThat(Assignment.variantFor(grinder, 1, "customer-7")).isEqualTo(Assignment.variantFor(grinder, 1, "customer-7"));
        assertThat(Assignment.variantFor(grinder, 0, "customer-7")).isEqualTo("A");
    }

    @Test
    void noHoldoutMeansEveryoneIsTexted() {
        SequenceDefinition minimal = Definitions.accepted(Definitions.resource("minimal.yaml"));

        assertThat(IntStream.range(0, 1_000).noneMatch(i -> Assignment.heldOut(minimal, "c" + i))).isTrue();
    }
}
