package dev.nudge.domain.definition;

import static dev.nudge.domain.definition.Definitions.CHECKOUT;
import static dev.nudge.domain.definition.Definitions.accepted;
import static dev.nudge.domain.definition.Definitions.rejected;
import static dev.nudge.domain.definition.Definitions.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code allocation} and {@code bandit} on a step: read with their defaults, checked, and written back. */
class VariantAllocationDefinitionTest {

    private static String variantStep(String more) {
        return """
                - delay: {after: P1D}
                  variants:
                    A: {en-US: "Hi {firstName}"}
                    B: {en-US: "Hello {firstName}"}
                    C: {en-US: "Hey {firstName}"}
                %s
                """.formatted(more.indent(2).stripTrailing());
    }

    @Test
    void thompsonAllocationGetsItsDefaultsAndRoundTripsThroughCanonicalJson() {
        SequenceDefinition definition = accepted(yaml(CHECKOUT, variantStep("allocation: THOMPSON")));

        assertThat(definition.step(0).allocation()).isEqualTo(VariantAllocation.thompson());
        assertThat(accepted(DefinitionParser.toJson(definition))).isEqualTo(definition);
        SequenceDefinition revenue = accepted(yaml(CHECKOUT, variantStep("""
                allocation: THOMPSON
                bandit: {metric: REVENUE, revenueCapMinor: 4000, minSharePercent: 10, optOutCost: 3, onNewVersion: RESET}
                """)));
        assertThat(revenue.step(0).allocation()).isEqualTo(new VariantAllocation(VariantAllocation.Policy.THOMPSON,
                VariantAllocation.Metric.REVENUE, 10, 4000L, 3, VariantAllocation.PosteriorPolicy.RESET));
        assertThat(accepted(DefinitionParser.toJson(revenue))).isEqualTo(revenue);
        assertThat(accepted(yaml(CHECKOUT, variantStep(""))).step(0).allocation()).isEqualTo(VariantAllocation.HASH);
    }

    @Test
    void badBanditSettingsAreRejectedWithTheirReasons() {
        assertThat(rejected(yaml(CHECKOUT, """
                - delay: {after: P1D}
                  templates: {en-US: "Hi {firstName}"}
                  allocation: THOMPSON
                """))).containsExactly("steps[0].allocation: THOMPSON needs at least two variants to choose from");
        assertThat(rejected(yaml(CHECKOUT, variantStep("bandit: {metric: REVENUE}"))))
                .containsExactly("steps[0].bandit: only with allocation: THOMPSON");
        assertThat(rejected(yaml(CHECKOUT, variantStep("""
                allocation: THOMPSON
                bandit: {metric: REVENUE, minSharePercent: 34, optOutCost: 11}
                """)))).containsExactlyInAnyOrder(
                "steps[0].bandit.minSharePercent: 34 is outside 0–33 (3 variants)",
                "steps[0].bandit.revenueCapMinor: REVENUE needs a revenue cap of at least 1 (minor units)",
                "steps[0].bandit.optOutCost: 11 is outside 0–10");
        assertThat(rejected(yaml(CHECKOUT, variantStep("""
                allocation: THOMPSON
                bandit: {revenueCapMinor: 100, explore: yes}
                """)))).contains("steps[0].bandit.revenueCapMinor: only with metric REVENUE")
                .anySatisfy(reason -> assertThat(reason).startsWith("steps[0].bandit.explore: unknown key"));
        assertThat(rejected(yaml(CHECKOUT, variantStep("allocation: GREEDY"))))
                .anySatisfy(reason -> assertThat(reason).startsWith("steps[0].allocation:"));
    }
}
