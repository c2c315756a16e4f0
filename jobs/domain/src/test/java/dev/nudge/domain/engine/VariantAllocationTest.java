package dev.nudge.domain.engine;

import static dev.nudge.domain.engine.CustomerEngineTest.definition;
import static dev.nudge.domain.engine.CustomerEngineTest.ny;
import static dev.nudge.domain.engine.EngineDriver.line;
import static dev.nudge.domain.engine.MutableCatalog.item;
import static dev.nudge.domain.engine.MutableCatalog.withComplements;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.domain.bandit.ArmOutcome;
import dev.nudge.domain.bandit.PosteriorBook;
import dev.nudge.domain.bandit.VariantChoice;
import dev.nudge.domain.bandit.VariantDraw;
import dev.nudge.domain.bandit.VariantPosteriors;
import dev.nudge.domain.definition.DefinitionParseResult;
import dev.nudge.domain.definition.DefinitionParser;
import dev.nudge.domain.definition.SequenceDefinition;
import dev.nudge.domain.definition.VariantAllocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a step's variants are given out: by hash at fixed shares, or by Thompson sampling over the results. Before
 * the bandit, {@code allocation} was an unknown key, and without it B got 54% of these texts whatever the results.
 */
class VariantAllocationTest {

    private static final String THOMPSON_STEP = """
            trigger: {type: CHECKOUT, categories: [coffee]}
            steps:
              - delay: {after: P1D}
                offer: COMPLEMENT
                variants:
                  A: {en-US: "Hi {firstName}, try {productName} ({price}): {link}"}
                  B: {en-US: "{firstName}, {productName} ({price}) goes with it: {link}"}
                allocation: THOMPSON
            reentry: {policy: NEVER}
            holdoutPercent: 10
            """;
    private static final int CUSTOMERS = 200;

    @Test
    void thompsonAllocationSendsMostTextsWithTheVariantThatConverts() {
        SequenceDefinition definition = parse(definition("coffee-followup", THOMPSON_STEP));
        // 100 texts each so far: A converted 2, B 30.
        PosteriorBook book = new PosteriorBook();
        outcomes(book, definition, "A", 2, 98);
        outcomes(book, definition, "B", 30, 70);

        List<DecisionRecord> sent = new ArrayList<>();
        int heldOut = 0;
        for (int i = 0; i < CUSTOMERS; i++) {
            EngineDriver driver = run(book, i);
            sent.addAll(driver.decisions(DecisionOutcome.SENT));
            heldOut += driver.decisions(DecisionOutcome.HELD_OUT).size();
            assertThat(driver.decisions(DecisionOutcome.HELD_OUT)).allSatisfy(d -> assertThat(d.variantChoice()).isNull());
        }
        assertThat(heldOut).isBetween(5, 40);
        assertThat(sent).hasSize(CUSTOMERS - heldOut);
        long sentB = sent.stream().filter(d -> d.variantChoice().variant().equals("B")).count();
        // The minimum share (5% each by default) still explores A: about 5% of texts, plus the rare draws it wins.
        assertThat(sentB / (double) sent.size()).isGreaterThan(0.85);
        assertThat(sent.stream().filter(d -> d.variantChoice().explored()).count()).isPositive();
        VariantChoice choice = sent.get(0).variantChoice();
        assertThat(choice.policy()).isEqualTo(VariantAllocation.Policy.THOMPSON);
        assertThat(choice.draws()).extracting(VariantDraw::variant, VariantDraw::alpha, VariantDraw::beta)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("A", 3.0, 99.0),
                        org.assertj.core.groups.Tuple.tuple("B", 31.0, 71.0));
        assertThat(choice.draws()).allSatisfy(draw -> assertThat(draw.draw()).isBetween(0.0, 1.0));
    }

    @Test
    void theSameTextWithTheSamePosteriorsGetsTheSameVariantAndDraws() {
        SequenceDefinition definition = parse(definition("coffee-followup", THOMPSON_STEP));
        PosteriorBook book = new PosteriorBook();
        outcomes(book, definition, "A", 5, 45);
        outcomes(book, definition, "B", 6, 44);
        for (int i = 0; i < 20; i++) {
            assertThat(run(book, i).decisions(DecisionOutcome.SENT)).extracting(DecisionRecord::variantChoice)
                    .isEqualTo(run(book, i).decisions(DecisionOutcome.SENT).stream()
                            .map(DecisionRecord::variantChoice).toList());
        }
    }

    @Test
    void hashAllocationIgnoresThePosteriorsAndRecordsNoDraws() {
        SequenceDefinition thompson = parse(definition("coffee-followup", THOMPSON_STEP));
        PosteriorBook book = new PosteriorBook();
        outcomes(book, thompson, "B", 90, 10);
        String hashed = THOMPSON_STEP.replace("    allocation: THOMPSON\n", "");
        long sentB = 0;
        long sent = 0;
        for (int i = 0; i < CUSTOMERS; i++) {
            EngineDriver driver = driver(i).withPosteriors(book);
            play(driver, definition("coffee-followup", hashed), i);
            for (DecisionRecord decision : driver.decisions(DecisionOutcome.SENT)) {
                assertThat(decision.variantChoice().policy()).isEqualTo(VariantAllocation.Policy.HASH);
                assertThat(decision.variantChoice().draws()).isEmpty();
                sent++;
                sentB += decision.variantChoice().variant().equals("B") ? 1 : 0;
            }
        }
        assertThat(sentB / (double) sent).isBetween(0.35, 0.65);
    }

    private static EngineDriver run(VariantPosteriors posteriors, int customer) {
        EngineDriver driver = driver(customer).withPosteriors(posteriors);
        play(driver, definition("coffee-followup", THOMPSON_STEP), customer);
        return driver;
    }

    private static EngineDriver driver(int customer) {
        EngineDriver driver = new EngineDriver(EngineSettings.defaults(), "c-" + customer, ny("2026-06-02T09:00"));
        driver.catalog().put(withComplements(item("BEANS", "coffee", 1800), "FILTER"));
        driver.catalog().put(item("FILTER", "equipment", 1250));
        return driver;
    }

    private static void play(EngineDriver driver, String yaml, int customer) {
        driver.publish(yaml);
        driver.grantConsent("+12125550100");
        driver.advanceTo(ny("2026-06-02T14:00"));
        driver.purchase("order-" + customer, line("BEANS", "coffee", 1, 1800));
        driver.advanceBy(Duration.ofDays(2));
    }

    private static void outcomes(PosteriorBook book, SequenceDefinition definition, String variant, int converted,
                                 int notConverted) {
        VariantAllocation allocation = definition.step(0).allocation();
        for (int i = 0; i < converted + notConverted; i++) {
            book.record(new ArmOutcome("demo", definition.id(), definition.version(), 0, variant,
                    i < converted ? ArmOutcome.Result.CONVERTED : ArmOutcome.Result.NOT_CONVERTED, 0, true), allocation);
        }
    }

    private static SequenceDefinition parse(String yaml) {
        return ((DefinitionParseResult.Accepted) DefinitionParser.parse(yaml)).definition();
    }
}
