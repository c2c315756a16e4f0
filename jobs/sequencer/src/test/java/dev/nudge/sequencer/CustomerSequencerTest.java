package dev.nudge.sequencer;

import dev.nudge.domain.policy.SendHistory;
import dev.nudge.events.BrowseAction;
import dev.nudge.events.Decision;
import dev.nudge.events.DecisionOutcome;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.EngagementType;
import dev.nudge.events.SmsIntent;
import dev.nudge.events.ZoneWindow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.nudge.sequencer.SequencerHarness.MONDAY_10_NY;
import static dev.nudge.sequencer.SequencerHarness.RETENTION;
import static dev.nudge.sequencer.TestEvents.browse;
import static dev.nudge.sequencer.TestEvents.definitionFromText;
import static dev.nudge.sequencer.TestEvents.engagement;
import static dev.nudge.sequencer.TestEvents.purchase;
import static dev.nudge.sequencer.TestEvents.rawDefinition;
import static dev.nudge.sequencer.TestEvents.signUp;
import static org.assertj.core.api.Assertions.assertThat;

/** The Flink adapter around the engine: timers, state, broadcast definitions, restore, and the clocks. */
class CustomerSequencerTest {

    private static final String ANNA = "anna";

    private SequencerHarness sequencer;

    @BeforeEach
    void open() throws Exception {
        sequencer = SequencerHarness.start(TimeMode.EVENT_TIME);
    }

    @AfterEach
    void close() throws Exception {
        sequencer.close();
    }

    @Test
    void sendsBothStepsOnTimeThenLeavesOnlyTheProfile() throws Exception {
        sequencer.customerWithConsent(ANNA, "+12125550100", "America/New_York");
        sequencer.event(purchase(ANNA, MONDAY_10_NY, "o-1", "coffee-beans", "coffee", 1800));

        sequencer.advanceTo(MONDAY_10_NY.plus(Duration.ofDays(2)).minusSeconds(1));
        assertThat(sequencer.texts()).isEmpty();

        sequencer.advanceTo(MONDAY_10_NY.plus(Duration.ofDays(10)));
        List<SmsIntent> texts = sequencer.texts();
        assertThat(texts).extracting(SmsIntent::getCreatedAt).containsExactly(
                MONDAY_10_NY.plus(Duration.ofDays(2)), MONDAY_10_NY.plus(Duration.ofDays(5)));
        assertThat(texts.get(0).getBody()).startsWith("Hi Anna, many customers brew it with pour over kit ($24.00)");
        assertThat(texts.get(0).getOfferSku()).isEqualTo("pour-over-kit");
        assertThat(texts.get(1).getOfferSku()).isEqualTo("bean-canister");
        assertThat(texts).extracting(SmsIntent::getIntentId).doesNotHaveDuplicates();
        assertThat(sequencer.reasons(ANNA)).contains("ENTERED:TRIGGERED", "SENT:STEP_DUE", "COMPLETED:LAST_STEP");

        // Behaviour forgotten once quiet for the retention period and once the last text no longer counts for the
        // caps; the profile and consent stay.
        Instant forgetAt = texts.get(1).getCreatedAt().plus(SendHistory.RETENTION).plusSeconds(1);
        sequencer.advanceTo(forgetAt.minusSeconds(2));
        assertThat(sequencer.timers()).isOne();
        sequencer.advanceTo(forgetAt);
        sequencer.assertOnlyProfilesLeft();
        assertThat(sequencer.customerStates()).singleElement().satisfies(anna -> {
            assertThat(anna.phone).isEqualTo("+12125550100");
            assertThat(anna.consent.textable(anna.phone)).isTrue();
        });
    }

    @Test
    void aPurchaseEndsTheSequenceAtOnceAndNoTextFollows() throws Exception {
        sequencer.customerWithConsent(ANNA, "+12125550100", "America/New_York");
        sequencer.event(purchase(ANNA, MONDAY_10_NY, "o-1", "coffee-beans", "coffee", 1800));
        sequencer.event(purchase(ANNA, MONDAY_10_NY.plus(Duration.ofDays(1)), "o-2", "tea", "tea", 900));

        assertThat(sequencer.reasons(ANNA)).contains("EXITED:PURCHASED");
        sequencer.advanceTo(MONDAY_10_NY.plus(Duration.ofDays(1).plus(RETENTION)).plusSeconds(1));
        assertThat(sequencer.texts()).isEmpty();
        sequencer.assertOnlyProfilesLeft();
    }

    @Test
    void consentChangesGoToTheSuppressionListOnceEach() throws Exception {
        sequencer.customerWithConsent(ANNA, "+12125550100", "America/New_York");
        EngagementEvent stop = engagement(ANNA, MONDAY_10_NY, EngagementType.OPTED_OUT, null, "STOP");
        stop.setPhoneE164("+12125550100");
        sequencer.event(stop);
        sequencer.event(stop);

        assertThat(sequencer.suppressions()).extracting(entry -> entry.getKind() + " " + entry.getPhoneE164()
                        + " " + entry.getTenant().getBrandId())
                .containsExactly("GRANTED +12125550100 demo-roasters", "OPTED_OUT +12125550100 demo-roasters");
        assertThat(KafkaIo.suppressionKey(sequencer.suppressions().get(1)))
                .isEqualTo("demo-roasters|+12125550100|OPTED_OUT|" + MONDAY_10_NY.toEpochMilli());
        assertThat(KafkaIo.suppressionKey(sequencer.suppressions().get(0)))
                .isEqualTo("demo-roasters|+12125550100|GRANTED");
    }

    @Test
    void aStopEndsTheSequenceAtOnce() throws Exception {
        sequencer.customerWithConsent(ANNA, "+12125550100", "America/New_York");
        sequencer.event(purchase(ANNA, MONDAY_10_NY, "o-1", "coffee-beans", "coffee", 1800));
        sequencer.event(engagement(ANNA, MONDAY_10_NY.plusSeconds(60), EngagementType.OPTED_OUT, null, "STOP"));

        sequencer.advanceTo(MONDAY_10_NY.plus(Duration.ofDays(10)));
        assertThat(sequencer.texts()).isEmpty();
        assertThat(sequencer.reasons(ANNA)).contains("EXITED:OPTED_OUT");
    }

    @Test
    void aStepDueInQuietHoursGoesOutAtEightInTheRecipientsZone() throws Exception {
        sequencer.broadcast(definitionFromText(TestDefinitions.coffeeCheckout(2, "PT1H"), MONDAY_10_NY), MONDAY_10_NY);
        sequencer.customerWithConsent(ANNA, "+13105550100", null);
        // 20:30 in Los Angeles: the step comes due at 21:30, after the window closes.
        Instant evening = Instant.parse("2026-03-03T04:30:00Z");
        sequencer.event(purchase(ANNA, evening, "o-1", "coffee-beans", "coffee", 1800));

        sequencer.advanceTo(evening.plus(Duration.ofDays(1)));
        assertThat(sequencer.texts()).singleElement().satisfies(text -> {
            assertThat(text.getCreatedAt()).isEqualTo(Instant.parse("2026-03-03T16:00:00Z"));
            assertThat(text.getTimeZone()).isEqualTo("America/Los_Angeles");
            assertThat(text.getSendWindows()).containsExactly(new ZoneWindow("America/Los_Angeles", 8 * 60, 21 * 60));
        });
        assertThat(sequencer.reasons(ANNA)).contains("DEFERRED:QUIET_HOURS");
    }

    @Test
    void anInvalidDefinitionIsRejectedWithItsReasonsAndThePreviousVersionStaysLive() throws Exception {
        sequencer.broadcast(rawDefinition("coffee-followup", 2,
                "{\"id\": \"coffee-followup\", \"version\": 2, \"steps\": []}", MONDAY_10_NY), MONDAY_10_NY);
        List<Decision> rejections = sequencer.rejections();
        assertThat(rejections).singleElement().satisfies(rejection -> {
            assertThat(rejection.getOutcome()).isEqualTo(DecisionOutcome.DEFINITION_REJECTED);
            assertThat(rejection.getDetail()).contains("steps");
        });

        sequencer.customerWithConsent(ANNA, "+12125550100", "America/New_York");
        sequencer.event(purchase(ANNA, MONDAY_10_NY, "o-1", "coffee-beans", "coffee", 1800));
        sequencer.advanceTo(MONDAY_10_NY.plus(Duration.ofDays(3)));
        assertThat(sequencer.texts()).singleElement()
                .satisfies(text -> assertThat(text.getSequenceVersion()).isEqualTo(1));
    }

    @Test
    void noTextWithoutConsent() throws Exception {
        sequencer.event(signUp(ANNA, MONDAY_10_NY.minusSeconds(60), "+12125550100", null, "Anna"));
        sequencer.event(purchase(ANNA, MONDAY_10_NY, "o-1", "coffee-beans", "coffee", 1800));
        sequencer.advanceTo(MONDAY_10_NY.plus(Duration.ofDays(10)));
        assertThat(sequencer.texts()).isEmpty();
        assertThat(sequencer.reasons(ANNA)).contains("SKIPPED:NO_CONSENT");
    }

    @Test
    void aRestoredOperatorFiresThePendingStepWithItsDefinitionsAndCatalog() throws Exception {
        sequencer.customerWithConsent(ANNA, "+12125550100", "America/New_York");
        sequencer.event(purchase(ANNA, MONDAY_10_NY, "o-1", "coffee-beans", "coffee", 1800));
        sequencer.restart();

        sequencer.advanceTo(MONDAY_10_NY.plus(Duration.ofDays(2)));
        assertThat(sequencer.texts()).singleElement()
                .satisfies(text -> assertThat(text.getOfferSku()).isEqualTo("pour-over-kit"));
    }

    @Test
    void browsingIsRememberedWithoutTextingAnyone() throws Exception {
        sequencer.customerWithConsent(ANNA, "+12125550100", "America/New_York");
        sequencer.event(browse(ANNA, MONDAY_10_NY, BrowseAction.VIEW, "pour-over-kit", "gear"));
        sequencer.advanceTo(MONDAY_10_NY.plus(Duration.ofDays(1)));
        assertThat(sequencer.texts()).isEmpty();
        assertThat(sequencer.keyedStateEntries()).isPositive();
    }

    @Test
    void aTimerFiringLateAfterAnOutageStillKeepsQuietHours() throws Exception {
        sequencer.close();
        sequencer = SequencerHarness.start(TimeMode.PROCESSING_TIME);
        sequencer.customerWithConsent(ANNA, "+12125550100", "America/New_York");
        sequencer.event(purchase(ANNA, MONDAY_10_NY, "o-1", "coffee-beans", "coffee", 1800));

        // The job was down from Wednesday morning until 23:30 that night, New York time.
        sequencer.advanceTo(Instant.parse("2026-03-05T04:30:00Z"));
        assertThat(sequencer.texts()).isEmpty();
        assertThat(sequencer.reasons(ANNA)).contains("DEFERRED:QUIET_HOURS");

        sequencer.advanceTo(Instant.parse("2026-03-05T13:00:00Z"));
        assertThat(sequencer.texts()).singleElement()
                .satisfies(text -> assertThat(text.getCreatedAt()).isEqualTo(Instant.parse("2026-03-05T13:00:00Z")));
    }

    @Test
    void afterAnOutageAnOverdueStepWaitsForTheBacklogSoAStopInItStillStopsTheStep() throws Exception {
        sequencer.close();
        sequencer = SequencerHarness.start(TimeMode.PROCESSING_TIME);
        sequencer.customerWithConsent(ANNA, "+12125550100", "America/New_York");
        sequencer.event(purchase(ANNA, MONDAY_10_NY, "o-1", "coffee-beans", "coffee", 1800));
        Instant due = MONDAY_10_NY.plus(Duration.ofDays(2));

        // Down from before the step came due until an hour after; Anna texted STOP half an hour after it.
        sequencer.restart();
        Instant restored = due.plus(Duration.ofHours(1));
        sequencer.advanceClockTo(restored);
        assertThat(sequencer.texts()).isEmpty();
        sequencer.event(engagement(ANNA, due.plus(Duration.ofMinutes(30)), EngagementType.OPTED_OUT, null, "STOP"));
        sequencer.inputsReadUpTo(restored);

        assertThat(sequencer.texts()).isEmpty();
        assertThat(sequencer.reasons(ANNA)).contains("EXITED:OPTED_OUT").doesNotContain("SENT:STEP_DUE");
        assertThat(sequencer.timers()).isOne();    // only the retention wake-up is left
    }

    @Test
    void afterAnOutageTheOverdueStepWaitsThroughTheBacklogAndGoesOutOnceItIsRead() throws Exception {
        sequencer.close();
        sequencer = SequencerHarness.start(TimeMode.PROCESSING_TIME);
        sequencer.customerWithConsent(ANNA, "+12125550100", "America/New_York");
        sequencer.event(purchase(ANNA, MONDAY_10_NY, "o-1", "coffee-beans", "coffee", 1800));
        Instant restored = MONDAY_10_NY.plus(Duration.ofDays(2)).plus(Duration.ofHours(1));

        sequencer.restart();
        sequencer.advanceClockTo(restored);
        sequencer.event(browse(ANNA, restored.minus(Duration.ofMinutes(10)), BrowseAction.VIEW, "pour-over-kit", "gear"));
        sequencer.inputsReadUpTo(restored.minus(Duration.ofMinutes(1)));
        assertThat(sequencer.texts()).isEmpty();

        sequencer.inputsReadUpTo(restored);
        assertThat(sequencer.texts()).singleElement()
                .satisfies(text -> assertThat(text.getCreatedAt()).isEqualTo(restored));
    }
}
