package dev.nudge.sequencer;

import static dev.nudge.sequencer.SequencerHarness.MONDAY_10_NY;
import static dev.nudge.sequencer.TestEvents.definitionFromText;
import static dev.nudge.sequencer.TestEvents.purchase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.events.Decision;
import dev.nudge.events.DecisionOutcome;
import dev.nudge.events.SmsIntent;
import dev.nudge.events.Tenant;
import dev.nudge.events.VariantDraw;
import dev.nudge.events.VariantOutcome;
import dev.nudge.events.VariantResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bandit through the Flink operator: outcomes arrive on the broadcast side, the choices at send time follow
 * them, the posteriors survive a restore from a snapshot, and a version that says RESET starts them afresh.
 */
class BanditHarnessTest {

    private static final int CUSTOMERS = 30;

    private SequencerHarness sequencer;

    @BeforeEach
    void open() throws Exception {
        sequencer = SequencerHarness.start(TimeMode.EVENT_TIME);
        sequencer.broadcast(definitionFromText(thompson(2, "KEEP"), MONDAY_10_NY), MONDAY_10_NY);
    }

    @AfterEach
    void drainsToTheProfilesAlone() throws Exception {
        sequencer.advanceTo(MONDAY_10_NY.plus(Duration.ofDays(90)));
        sequencer.assertOnlyProfilesLeft();
        sequencer.close();
    }

    @Test
    void textsFollowTheOutcomesAndEveryChoiceRecordsItsPosteriors() throws Exception {
        outcomes(2, "A", 2, 98);
        outcomes(2, "B", 30, 70);
        // Outcomes of an unknown sequence, or of a step without Thompson allocation, change nothing.
        outcome("other-sequence", 2, 0, "A", VariantResult.CONVERTED);
        outcome("coffee-followup", 2, 1, "A", VariantResult.CONVERTED);

        List<SmsIntent> texts = textsToNewCustomers("first", MONDAY_10_NY);
        long b = texts.stream().filter(text -> text.getVariant().equals("B")).count();
        assertThat(texts).hasSize(CUSTOMERS);
        assertThat(b).isGreaterThanOrEqualTo(CUSTOMERS * 8 / 10);

        List<Decision> sent = sent();
        assertThat(sent).hasSize(CUSTOMERS).allSatisfy(decision -> {
            assertThat(decision.getVariantDraws()).extracting(VariantDraw::getVariant, VariantDraw::getAlpha,
                    VariantDraw::getBeta).containsExactly(org.assertj.core.groups.Tuple.tuple("A", 3.0, 99.0),
                    org.assertj.core.groups.Tuple.tuple("B", 31.0, 71.0));
            assertThat(decision.getVariantExplored()).isNotNull();
        });
        assertThat(sent).extracting(Decision::getVariant)
                .containsExactlyElementsOf(texts.stream().map(SmsIntent::getVariant).toList());
    }

    @Test
    void thePosteriorsSurviveARestoreAndAVersionThatResetsStartsAfresh() throws Exception {
        outcomes(2, "B", 10, 10);
        sequencer.restart();
        textsToNewCustomers("after-restart", MONDAY_10_NY);
        assertThat(sent()).allSatisfy(decision -> assertThat(decision.getVariantDraws())
                .anySatisfy(draw -> assertThat(draw.getAlpha()).isEqualTo(11.0)));

        Instant later = MONDAY_10_NY.plus(Duration.ofDays(10));
        sequencer.broadcast(definitionFromText(thompson(3, "RESET"), later), later);
        outcomes(2, "B", 5, 0); // texts of the old version, arriving after the reset: they no longer count
        outcomes(3, "A", 1, 0);
        int before = sent().size();
        textsToNewCustomers("after-reset", later);
        assertThat(sent().subList(before, sent().size())).hasSize(CUSTOMERS).allSatisfy(decision ->
                assertThat(decision.getVariantDraws()).extracting(VariantDraw::getAlpha, VariantDraw::getBeta)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(2.0, 1.0),
                                org.assertj.core.groups.Tuple.tuple(1.0, 1.0)));
    }

    private List<SmsIntent> textsToNewCustomers(String prefix, Instant at) throws Exception {
        int before = sequencer.texts().size();
        for (int i = 0; i < CUSTOMERS; i++) {
            String customer = prefix + "-" + i;
            sequencer.customerWithConsent(customer, String.format("+1212555%04d", i), "America/New_York");
            sequencer.event(purchase(customer, at, "o-" + customer, "coffee-beans", "coffee", 1800));
        }
        sequencer.advanceTo(at.plus(Duration.ofDays(2)).plusSeconds(60));
        return sequencer.texts().subList(before, sequencer.texts().size());
    }

    private List<Decision> sent() {
        return sequencer.decisions().stream().filter(d -> d.getOutcome() == DecisionOutcome.SENT).toList();
    }

    private void outcomes(int version, String variant, int converted, int notConverted) throws Exception {
        for (int i = 0; i < converted + notConverted; i++) {
            outcome("coffee-followup", version, 0, variant,
                    i < converted ? VariantResult.CONVERTED : VariantResult.NOT_CONVERTED);
        }
    }

    private int outcomes;

    private void outcome(String sequenceId, int version, int step, String variant, VariantResult result)
            throws Exception {
        String messageId = "demo-roasters:c-" + outcomes++ + ":" + sequenceId + "@" + version + ":" + step + ":t";
        sequencer.broadcast(VariantOutcome.newBuilder().setEventId(messageId + ":outcome")
                .setTenant(new Tenant("demo-roasters", null)).setEventTime(MONDAY_10_NY).setMessageId(messageId)
                .setSequenceId(sequenceId).setSequenceVersion(version).setStep(step).setVariant(variant)
                .setOutcome(result).setRevenueMinor(result == VariantResult.CONVERTED ? 2400L : null)
                .setCurrency("USD").build(), MONDAY_10_NY);
    }

    private static String thompson(int version, String onNewVersion) {
        return """
                id: coffee-followup
                version: %d
                status: LIVE
                brandId: demo-roasters
                priority: 50
                subject: coffee
                trigger: {type: CHECKOUT, categories: [coffee]}
                steps:
                  - delay: {after: P2D}
                    offer: COMPLEMENT
                    variants:
                      A: {en-US: "Hi {firstName}, many customers brew it with {productName} ({price}): {link}"}
                      B: {en-US: "{firstName}, {productName} ({price}) goes with your beans: {link}"}
                    allocation: THOMPSON
                    bandit: {minSharePercent: 0, onNewVersion: %s}
                exits: [ANY_PURCHASE, REPLY]
                reentry: {policy: AFTER_COMPLETION}
                onNewVersion: MOVE_TO_NEW
                """.formatted(version, onNewVersion);
    }
}
