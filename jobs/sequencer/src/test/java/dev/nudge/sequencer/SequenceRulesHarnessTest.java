package dev.nudge.sequencer;

import dev.nudge.domain.definition.Assignment;
import dev.nudge.domain.definition.DefinitionParseResult;
import dev.nudge.domain.definition.DefinitionParser;
import dev.nudge.events.BrowseAction;
import dev.nudge.events.EngagementType;
import dev.nudge.events.LineItem;
import dev.nudge.events.ReplyIntent;
import dev.nudge.events.SmsIntent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static dev.nudge.sequencer.SequencerHarness.MONDAY_10_NY;
import static dev.nudge.sequencer.SequencerHarness.RETENTION;
import static dev.nudge.sequencer.TestEvents.browse;
import static dev.nudge.sequencer.TestEvents.definitionFromText;
import static dev.nudge.sequencer.TestEvents.engagement;
import static dev.nudge.sequencer.TestEvents.item;
import static dev.nudge.sequencer.TestEvents.purchase;
import static org.assertj.core.api.Assertions.assertThat;

/** Each sequence rule through the Flink operator, ending with no state and no timers left behind. */
class SequenceRulesHarnessTest {

    private static final String ANNA = "anna";
    private static final Instant WEDNESDAY_10_NY = MONDAY_10_NY.plus(Duration.ofDays(2));

    private SequencerHarness sequencer;

    @BeforeEach
    void open() throws Exception {
        sequencer = SequencerHarness.start(TimeMode.EVENT_TIME);
        sequencer.customerWithConsent(ANNA, "+12125550100", "America/New_York");
    }

    @AfterEach
    void drainsToTheProfilesAlone() throws Exception {
        sequencer.advanceTo(MONDAY_10_NY.plus(Duration.ofDays(60)));
        sequencer.assertOnlyProfilesLeft();
        sequencer.close();
    }

    @Test
    void capsHoldAcrossSequencesAndTheHigherPriorityGoesFirst() throws Exception {
        sequencer.broadcast(definitionFromText(teaSequence(90), MONDAY_10_NY), MONDAY_10_NY);
        sequencer.broadcast(item("tea", "tea", 900, 50, MONDAY_10_NY, List.of("tea-infuser"), List.of(), null), MONDAY_10_NY);
        sequencer.broadcast(item("tea-infuser", "gear", 1200, 10, MONDAY_10_NY, List.of(), List.of(), null), MONDAY_10_NY);
        // One order starts both sequences; each would end on any later purchase.
        sequencer.event(TestEvents.purchaseOf(ANNA, MONDAY_10_NY, "o-1",
                new LineItem("coffee-beans", "coffee beans", "coffee", 1, 1800L, "USD"),
                new LineItem("tea", "tea", "tea", 1, 900L, "USD")));

        sequencer.advanceTo(WEDNESDAY_10_NY.plus(Duration.ofDays(1)).plusSeconds(5));
        List<SmsIntent> texts = sequencer.texts();
        assertThat(texts).extracting(SmsIntent::getSequenceId).containsExactly("tea-followup", "coffee-followup");
        assertThat(Duration.between(texts.get(0).getCreatedAt(), texts.get(1).getCreatedAt()))
                .isGreaterThanOrEqualTo(Duration.ofHours(24));
        assertThat(sequencer.reasons(ANNA)).contains("DEFERRED:DAILY_CAP");
    }

    @Test
    void anOutOfStockOfferIsSkippedAndTheCurrentPriceIsQuoted() throws Exception {
        sequencer.event(purchase(ANNA, MONDAY_10_NY, "o-1", "coffee-beans", "coffee", 1800));
        Instant tuesday = MONDAY_10_NY.plus(Duration.ofDays(1));
        sequencer.broadcast(item("pour-over-kit", "gear", 2400, 0, tuesday, List.of(), List.of(), null), tuesday);
        sequencer.broadcast(item("bean-canister", "gear", 1350, 10, tuesday, List.of(), List.of(), null), tuesday);

        sequencer.advanceTo(MONDAY_10_NY.plus(Duration.ofDays(6)));
        assertThat(sequencer.reasons(ANNA)).contains("SKIPPED:NO_SELLABLE_OFFER");
        assertThat(sequencer.texts()).singleElement().satisfies(text -> {
            assertThat(text.getOfferSku()).isEqualTo("bean-canister");
            assertThat(text.getOfferPriceMinor()).isEqualTo(1350);
            assertThat(text.getBody()).contains("($13.50)");
        });
    }

    @Test
    void aQuestionPausesTheSequenceUntilTheCustomerAnswers() throws Exception {
        annaAsksAQuestionOnHerCoffeeRun();
        sequencer.advanceTo(WEDNESDAY_10_NY.plus(Duration.ofHours(1)));
        assertThat(sequencer.texts()).isEmpty();
        assertThat(sequencer.reasons(ANNA)).contains("PAUSED:QUESTION");

        Instant answered = WEDNESDAY_10_NY.plus(Duration.ofHours(2));
        sequencer.event(engagement(ANNA, answered, EngagementType.REPLIED, ReplyIntent.POSITIVE, "great, thanks"));
        assertThat(sequencer.reasons(ANNA)).contains("RESUMED:ANSWERED");
        assertThat(sequencer.texts()).singleElement()
                .satisfies(text -> assertThat(text.getCreatedAt()).isEqualTo(answered));
    }

    @Test
    void aHeldOutCustomerIsMeasuredButNeverTexted() throws Exception {
        String yaml = TestDefinitions.coffeeCheckout(2, "P2D").replace("holdoutPercent: 0", "holdoutPercent: 50");
        sequencer.broadcast(definitionFromText(yaml, MONDAY_10_NY), MONDAY_10_NY);
        var definition = ((DefinitionParseResult.Accepted) DefinitionParser.parse(yaml)).definition();
        String heldOut = IntStream.range(0, 100).mapToObj(i -> "customer-" + i)
                .filter(id -> Assignment.heldOut(definition, id)).findFirst().orElseThrow();
        sequencer.customerWithConsent(heldOut, "+12125550101", "America/New_York");

        sequencer.event(purchase(heldOut, MONDAY_10_NY, "o-1", "coffee-beans", "coffee", 1800));
        sequencer.advanceTo(MONDAY_10_NY.plus(Duration.ofDays(10)));
        assertThat(sequencer.reasons(heldOut)).containsExactly("HELD_OUT:HOLDOUT");
        assertThat(sequencer.texts()).isEmpty();
    }

    @Test
    void aNewVersionThatSaysExitEndsRunningSequences() throws Exception {
        sequencer.event(purchase(ANNA, MONDAY_10_NY, "o-1", "coffee-beans", "coffee", 1800));
        String exiting = TestDefinitions.coffeeCheckout(2, "P2D").replace("onNewVersion: MOVE_TO_NEW", "onNewVersion: EXIT");
        sequencer.broadcast(definitionFromText(exiting, MONDAY_10_NY.plusSeconds(60)), MONDAY_10_NY.plusSeconds(60));

        sequencer.advanceTo(MONDAY_10_NY.plus(Duration.ofDays(10)));
        assertThat(sequencer.texts()).isEmpty();
        assertThat(sequencer.reasons(ANNA)).contains("EXITED:DEFINITION_UPDATED");
    }

    @Test
    void aRefillReminderComesFiveDaysBeforeTheBagRunsOut() throws Exception {
        sequencer.broadcast(definitionFromText(TestEvents.read(java.nio.file.Path.of(System.getProperty("nudge.root"),
                "sequences", "refill-reminder.yaml")), MONDAY_10_NY), MONDAY_10_NY);
        sequencer.event(purchase(ANNA, MONDAY_10_NY, "o-1", "coffee-beans", "coffee", 1800));

        sequencer.advanceTo(MONDAY_10_NY.plus(Duration.ofDays(40)));
        assertThat(sequencer.texts()).filteredOn(text -> text.getSequenceId().equals("refill-reminder"))
                .singleElement().satisfies(text -> {
                    assertThat(text.getOfferSku()).isEqualTo("coffee-beans");
                    assertThat(text.getCreatedAt()).isEqualTo(MONDAY_10_NY.plus(Duration.ofDays(30 - 5)));
                });
    }

    @Test
    void anAbandonedCartGetsOneReminderUnlessTheItemIsBought() throws Exception {
        sequencer.broadcast(definitionFromText(TestEvents.read(java.nio.file.Path.of(System.getProperty("nudge.root"),
                "sequences", "browse-abandon.yaml")), MONDAY_10_NY), MONDAY_10_NY);
        sequencer.customerWithConsent("ben", "+12125550102", "America/New_York");
        sequencer.event(browse(ANNA, MONDAY_10_NY, BrowseAction.ADD_TO_CART, "coffee-beans", "coffee"));
        sequencer.event(browse("ben", MONDAY_10_NY, BrowseAction.ADD_TO_CART, "coffee-beans", "coffee"));
        sequencer.event(purchase("ben", MONDAY_10_NY.plus(Duration.ofHours(1)), "o-9", "coffee-beans", "coffee", 1800));

        sequencer.advanceTo(MONDAY_10_NY.plus(Duration.ofDays(10)));
        assertThat(sequencer.texts()).filteredOn(text -> text.getSequenceId().equals("browse-abandon"))
                .singleElement().satisfies(text -> {
                    assertThat(text.getCustomerId()).isEqualTo(ANNA);
                    assertThat(text.getOfferSku()).isEqualTo("coffee-beans");
                });
    }

    @Test
    void aPausedDefinitionHoldsItsRunsNoLongerThanTheRetention() throws Exception {
        sequencer.event(purchase(ANNA, MONDAY_10_NY, "o-1", "coffee-beans", "coffee", 1800));
        String paused = TestDefinitions.coffeeCheckout(2, "P2D").replace("status: LIVE", "status: PAUSED");
        sequencer.broadcast(definitionFromText(paused, MONDAY_10_NY.plusSeconds(60)), MONDAY_10_NY.plusSeconds(60));

        sequencer.advanceTo(MONDAY_10_NY.plus(RETENTION).plus(Duration.ofDays(4)));
        assertThat(sequencer.texts()).isEmpty();
        assertThat(sequencer.reasons(ANNA)).containsExactly("ENTERED:TRIGGERED", "DEFERRED:SEQUENCE_PAUSED",
                "EXITED:SEQUENCE_PAUSED");
    }

    @Test
    void aQuestionNobodyAnswersLeavesNothingBehind() throws Exception {
        annaAsksAQuestionOnHerCoffeeRun();

        sequencer.advanceTo(MONDAY_10_NY.plus(Duration.ofDays(10)));
        assertThat(sequencer.reasons(ANNA)).contains("PAUSED:QUESTION", "RESUMED:QUESTION_TIMEOUT");
    }

    @Test
    void aCustomerWhoKeepsComingBackKeepsNoBehaviourPastItsBound() throws Exception {
        sequencer.event(purchase(ANNA, MONDAY_10_NY, "o-1", "coffee-beans", "coffee", 1800));
        sequencer.event(engagement(ANNA, MONDAY_10_NY.plus(Duration.ofHours(2)), EngagementType.REPLIED,
                ReplyIntent.QUESTION, "is the kit dishwasher safe?"));
        sequencer.event(engagement(ANNA, MONDAY_10_NY.plus(Duration.ofHours(3)), EngagementType.REPLIED,
                ReplyIntent.NEGATIVE, "no thanks"));
        Instant day = MONDAY_10_NY;
        for (int i = 1; i <= 30; i++) {
            day = MONDAY_10_NY.plus(Duration.ofDays(i));
            sequencer.advanceTo(day);
            sequencer.event(browse(ANNA, day, BrowseAction.VIEW, "bean-canister", "gear"));
        }
        assertThat(sequencer.reasons(ANNA)).contains("EXITED:REPLIED_NEGATIVE");
        assertThat(sequencer.customerStates()).singleElement().satisfies(state -> {
            assertThat(state.lastExitMillis).as("exits").isEmpty();
            assertThat(state.recentRuns.isEmpty()).as("no started runs").isTrue();
        });
    }

    /** A coffee run that a reply does not end, started Monday 10:00, and Anna's question two hours later. */
    private void annaAsksAQuestionOnHerCoffeeRun() throws Exception {
        String noReplyExit = TestDefinitions.coffeeCheckout(2, "P2D").replace("exits: [ANY_PURCHASE, REPLY]", "exits: [ANY_PURCHASE]");
        sequencer.broadcast(definitionFromText(noReplyExit, MONDAY_10_NY), MONDAY_10_NY);
        sequencer.event(purchase(ANNA, MONDAY_10_NY, "o-1", "coffee-beans", "coffee", 1800));
        sequencer.event(engagement(ANNA, MONDAY_10_NY.plus(Duration.ofHours(2)), EngagementType.REPLIED,
                ReplyIntent.QUESTION, "is the kit dishwasher safe?"));
    }

    private static String teaSequence(int priority) {
        return """
                id: tea-followup
                version: 1
                status: LIVE
                brandId: demo-roasters
                priority: %d
                subject: tea
                trigger: {type: CHECKOUT, categories: [tea]}
                steps:
                  - delay: {after: P2D}
                    offer: COMPLEMENT
                    templates:
                      en-US: "Hi {firstName}, {productName} ({price}) makes loose tea easy: {link}"
                exits: [ANY_PURCHASE]
                reentry: {policy: AFTER_COMPLETION}
                onNewVersion: MOVE_TO_NEW
                defaultLocale: en-US
                """.formatted(priority);
    }
}
