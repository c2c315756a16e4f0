package dev.nudge.domain.engine;

import dev.nudge.domain.catalog.CatalogItem;
import dev.nudge.domain.definition.TrackedLinks;
import dev.nudge.domain.definition.Assignment;
import dev.nudge.domain.definition.SequenceDefinition;
import dev.nudge.domain.consent.ConsentFact;
import dev.nudge.domain.consent.ConsentKind;
import dev.nudge.domain.consent.ConsentLedger;
import dev.nudge.domain.consent.ConsentMark;
import dev.nudge.domain.consent.PhoneConsent;
import dev.nudge.domain.event.BrowseKind;
import dev.nudge.domain.event.CustomerChange;
import dev.nudge.domain.event.CustomerChangeKind;
import dev.nudge.domain.event.Engagement;
import dev.nudge.domain.event.EngagementKind;
import dev.nudge.domain.event.ReplyIntent;
import dev.nudge.domain.policy.ContactCaps;
import dev.nudge.domain.policy.FatiguePolicy;
import dev.nudge.domain.policy.FlinkPojoShape;
import dev.nudge.domain.policy.AllowedHours;
import dev.nudge.domain.policy.QuietHoursPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static dev.nudge.domain.engine.EngineDriver.line;
import static dev.nudge.domain.engine.MutableCatalog.item;
import static dev.nudge.domain.engine.MutableCatalog.replenishedEvery;
import static dev.nudge.domain.engine.MutableCatalog.withAddOns;
import static dev.nudge.domain.engine.MutableCatalog.withComplements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** One test per rule of the engine, each driven through {@link EngineDriver} the way the Flink adapter calls it. */
class CustomerEngineTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
    private static final String LINK_SECRET = "a-test-secret-of-some-length";
    private static final String NY_PHONE = "+12125550100";
    private static final String LA_PHONE = "+12135550100";
    private static final String FL_PHONE = "+13055550100";

    /** Coffee whose complement is a filter; a mug whose complement sorts before the filter. */
    private static final List<CatalogItem> ITEMS = List.of(
            withComplements(item("BEANS", "coffee", 1800), "FILTER"),
            item("FILTER", "equipment", 1250),
            withComplements(item("MUG", "equipment", 900), "AAA-SPOON"),
            item("AAA-SPOON", "equipment", 300),
            item("TEA", "tea", 1500));

    private static final String ONE_STEP_CHECKOUT = """
            trigger: {type: CHECKOUT, categories: [coffee], minOrderTotalMinor: 1500}
            steps:
              - delay: {after: P2D}
                offer: COMPLEMENT
                templates:
                  en-US: "Hi {firstName}, try {productName} ({price}): {link}"
            reentry: {policy: NEVER}
            """;

    // --- triggers and timing ----------------------------------------------------------------------------------

    @Test
    void aCheckoutSendsStepOneAfterItsDelayAtTheSameLocalTime() {
        EngineDriver driver = driver("c-1");
        driver.publish(definition("coffee-followup", ONE_STEP_CHECKOUT));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T14:00"));
        driver.purchase("order-1", line("BEANS", "coffee", 1, 1800));

        assertThat(driver.decisions(DecisionOutcome.ENTERED)).singleElement()
                .satisfies(entered -> assertThat(entered.deferredUntil()).isEqualTo(ny("2026-06-04T14:00")));
        assertThat(driver.timer()).isEqualTo(ny("2026-06-04T14:00"));
        driver.advanceTo(ny("2026-06-04T13:59"));
        assertThat(driver.texts()).isEmpty();

        driver.advanceTo(ny("2026-06-04T15:00"));
        OutboundText text = single(driver.texts());
        assertThat(text.createdAt()).isEqualTo(ny("2026-06-04T14:00"));
        assertThat(text.intentId()).isEqualTo("demo:\\-:c-1:coffee-followup:1:0:order-1");
        assertThat(text.toPhone()).isEqualTo(NY_PHONE);
        assertThat(text.timeZone()).isEqualTo("America/New_York");
        assertThat(text.offerSku()).isEqualTo("FILTER");
        assertThat(text.offerPriceMinor()).isEqualTo(1250);
        assertThat(text.body()).isEqualTo(
                "Hi Ana, try Name of FILTER ($12.50): https://shop.example/p/FILTER Reply STOP to opt out.");
        assertThat(driver.decisions()).extracting(DecisionRecord::outcome)
                .containsExactly(DecisionOutcome.ENTERED, DecisionOutcome.SENT, DecisionOutcome.COMPLETED);
        assertThat(driver.decisions()).allSatisfy(decision -> {
            assertThat(decision.reason()).isNotBlank();
            assertThat(decision.ruleVersion()).isEqualTo("coffee-followup@1");
        });
    }

    @Test
    void theCheckoutFilterChoosesTheOrdersAndTheTriggerItems() {
        EngineDriver driver = driver("c-1");
        driver.publish(definition("coffee-followup", ONE_STEP_CHECKOUT));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T14:00"));

        driver.purchase("tea-only", line("TEA", "tea", 2, 1500));
        driver.purchase("too-small", line("BEANS", "coffee", 1, 1200));
        assertThat(driver.decisions(DecisionOutcome.ENTERED)).isEmpty();

        // The mug does not pass the filter, so its complement (which sorts first) is not offered.
        driver.purchase("mixed", line("MUG", "equipment", 1, 900), line("BEANS", "coffee", 1, 1800));
        driver.advanceBy(Duration.ofDays(3));
        assertThat(single(driver.texts()).offerSku()).isEqualTo("FILTER");
    }

    @Test
    void signUpRenewalAndMilestonesStartTheirSequences() {
        EngineDriver driver = driver("c-1");
        driver.publish(definition("welcome", informational("{type: SIGN_UP}", "PT1H")));
        driver.publish(definition("renewed", informational("{type: RENEWAL, skus: [PLAN-GOLD]}", "PT1H")));
        driver.publish(definition("hundred-cups", informational("{type: USAGE_MILESTONE, milestone: cups-100}", "PT1H")));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T10:00"));

        driver.signUp();
        driver.renewal("PLAN-SILVER");
        driver.milestone("cups-50");
        driver.renewal("PLAN-GOLD");
        driver.milestone("cups-100");

        assertThat(driver.decisions(DecisionOutcome.ENTERED)).extracting(DecisionRecord::sequenceId)
                .containsExactly("welcome", "renewed", "hundred-cups");
    }

    @Test
    void aReplenishmentReminderComesTheConfiguredDaysBeforeTheSupplyRunsOut() {
        EngineDriver driver = driver("c-1");
        driver.catalog().put(replenishedEvery(item("BEANS", "coffee", 1800), 30));
        driver.publish(definition("refill", """
                trigger: {type: REPLENISHMENT_DUE, daysBefore: 5}
                steps:
                  - delay: {beforeRunOut: P5D}
                    offer: REFILL
                    templates:
                      en-US: "Your {productName} runs out soon. Another bag is {price}: {link}"
                reentry: {policy: AFTER_COMPLETION}
                """));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T14:00"));
        driver.purchase("order-1", line("BEANS", "coffee", 2, 1800));

        // Two bags last 60 days; the reminder is due 5 days before, on day 55 at the same local time.
        Instant due = ny("2026-07-27T14:00");
        assertThat(single(driver.decisions(DecisionOutcome.ENTERED)).deferredUntil()).isEqualTo(due);
        driver.catalog().setPrice("BEANS", 1900);
        driver.advanceTo(due.minusSeconds(1));
        assertThat(driver.texts()).isEmpty();
        driver.advanceTo(due.plusSeconds(1));
        OutboundText text = single(driver.texts());
        assertThat(text.createdAt()).isEqualTo(due);
        assertThat(text.triggerId()).isEqualTo("order-1:BEANS");
        assertThat(text.offerSku()).isEqualTo("BEANS");
        assertThat(text.body()).contains("$19.00");
    }

    // --- quiet hours --------------------------------------------------------------------------------------------

    @Test
    void quietHoursDeferToEightInTheMorningInTheRecipientsZone() {
        String oneHourLater = definition("thanks", informational("{type: CHECKOUT}", "PT1H"));
        EngineDriver newYorker = driver("c-ny");
        EngineDriver angeleno = driver("c-la");
        for (EngineDriver driver : List.of(newYorker, angeleno)) {
            driver.publish(oneHourLater);
            driver.grantConsent(driver == newYorker ? NY_PHONE : LA_PHONE);
            // 23:30 in New York is 20:30 in Los Angeles: due at 00:30 and 21:30 local, both quiet.
            driver.advanceTo(ny("2026-06-02T23:30"));
            driver.purchase("order-1", line("TEA", "tea", 1, 1500));
            driver.advanceTo(ny("2026-06-03T12:00"));
        }

        assertThat(single(newYorker.texts()).createdAt()).isEqualTo(ny("2026-06-03T08:00"));
        assertThat(single(angeleno.texts()).createdAt()).isEqualTo(local("2026-06-03T08:00", LOS_ANGELES));
        assertThat(single(angeleno.texts()).timeZone()).isEqualTo("America/Los_Angeles");
        DecisionRecord deferred = single(angeleno.decisions(DecisionOutcome.DEFERRED));
        assertThat(deferred.reason()).isEqualTo("QUIET_HOURS");
        assertThat(deferred.decidedAt()).isEqualTo(local("2026-06-02T21:30", LOS_ANGELES));
        assertThat(deferred.deferredUntil()).isEqualTo(local("2026-06-03T08:00", LOS_ANGELES));
    }

    @Test
    void stricterWindowsOfTheRecipientsStateAndOfTheTenantApply() {
        String dueAtHalfPastEight = definition("thanks", informational("{type: CHECKOUT}", "PT30M"));
        EngineDriver newYorker = driver("c-ny");
        EngineDriver floridian = driver("c-fl");
        for (EngineDriver driver : List.of(newYorker, floridian)) {
            driver.publish(dueAtHalfPastEight);
            driver.grantConsent(driver == newYorker ? NY_PHONE : FL_PHONE);
            driver.advanceTo(ny("2026-06-02T20:00"));
            driver.purchase("order-1", line("TEA", "tea", 1, 1500));
            driver.advanceTo(ny("2026-06-03T12:00"));
        }
        assertThat(single(newYorker.texts()).createdAt()).isEqualTo(ny("2026-06-02T20:30"));
        assertThat(single(floridian.texts()).createdAt()).isEqualTo(ny("2026-06-03T08:00"));
        assertThat(single(floridian.texts()).quietStartMinute()).isEqualTo(20 * 60);

        QuietHoursPolicy tenFromTen = QuietHoursPolicy.defaults()
                .withTenantWindow(EngineDriver.BRAND, null, AllowedHours.of("10:00", "19:00"));
        EngineDriver tenant = new EngineDriver(EngineSettings.defaults().withQuietHours(tenFromTen), "c-t", ny("2026-06-02T07:00"));
        tenant.catalog().put(item("TEA", "tea", 1500));
        tenant.publish(dueAtHalfPastEight);
        tenant.grantConsent(NY_PHONE);
        tenant.purchase("order-1", line("TEA", "tea", 1, 1500));
        tenant.advanceTo(ny("2026-06-02T12:00"));
        assertThat(single(tenant.texts()).createdAt()).isEqualTo(ny("2026-06-02T10:00"));
    }

    @Test
    void theProfileZoneBeatsTheZoneOfThePhoneNumber() {
        EngineDriver driver = driver("c-1");
        driver.publish(definition("thanks", informational("{type: CHECKOUT}", "PT1H")));
        driver.grantConsent(NY_PHONE, "America/Los_Angeles");
        driver.advanceTo(ny("2026-06-03T06:00"));
        driver.purchase("order-1", line("TEA", "tea", 1, 1500));
        driver.advanceTo(ny("2026-06-03T18:00"));
        assertThat(single(driver.texts()).createdAt()).isEqualTo(local("2026-06-03T08:00", LOS_ANGELES));
    }

    // --- caps and conflicts ------------------------------------------------------------------------------------

    @Test
    void capsCountTextsAcrossAllSequencesAndDeferTheLaterOne() {
        EngineDriver driver = driver("c-1");
        driver.publish(definition("alpha", informational("{type: CHECKOUT}", "PT1H")));
        driver.publish(definition("beta", informational("{type: CHECKOUT}", "PT3H")));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T10:00"));
        driver.purchase("order-1", line("TEA", "tea", 1, 1500));
        driver.advanceTo(ny("2026-06-04T10:00"));

        assertThat(driver.texts()).extracting(OutboundText::sequenceId, OutboundText::createdAt).containsExactly(
                tuple("alpha", ny("2026-06-02T11:00")),
                tuple("beta", ny("2026-06-03T11:00")));
        DecisionRecord deferred = single(driver.decisions(DecisionOutcome.DEFERRED));
        assertThat(deferred.sequenceId()).isEqualTo("beta");
        assertThat(deferred.reason()).isEqualTo("DAILY_CAP");
        assertThat(deferred.deferredUntil()).isEqualTo(ny("2026-06-03T11:00"));
    }

    @Test
    void theHigherPriorityTakesTheSlotAndARescheduledStepGoesAtTheNextOne() {
        EngineDriver driver = driver("c-1");
        driver.publish(definition("zz-high", "priority: 80\n" + informational("{type: CHECKOUT}", "PT2H")));
        driver.publish(definition("aa-low", "priority: 20\nconflictPolicy: RESCHEDULE\n"
                + informational("{type: CHECKOUT}", "PT2H")));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T10:00"));
        driver.purchase("order-1", line("TEA", "tea", 1, 1500));
        driver.advanceTo(ny("2026-06-04T10:00"));

        assertThat(driver.texts()).extracting(OutboundText::sequenceId, OutboundText::createdAt).containsExactly(
                tuple("zz-high", ny("2026-06-02T12:00")),
                tuple("aa-low", ny("2026-06-03T12:00")));
    }

    @Test
    void aDropPolicySkipsTheStepThatLostItsSlotAndMovesOn() {
        EngineDriver driver = driver("c-1");
        driver.publish(definition("zz-high", "priority: 80\n" + informational("{type: CHECKOUT}", "PT2H")));
        driver.publish(definition("aa-low", """
                priority: 20
                conflictPolicy: DROP
                trigger: {type: CHECKOUT}
                steps:
                  - delay: {after: PT2H}
                    templates: {en-US: "first"}
                  - delay: {after: P1D}
                    templates: {en-US: "second"}
                reentry: {policy: NEVER}
                """));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T10:00"));
        driver.purchase("order-1", line("TEA", "tea", 1, 1500));
        driver.advanceTo(ny("2026-06-05T10:00"));

        DecisionRecord skipped = single(driver.decisions(DecisionOutcome.SKIPPED));
        assertThat(skipped.sequenceId()).isEqualTo("aa-low");
        assertThat(skipped.reason()).isEqualTo("PREEMPTED");
        assertThat(skipped.step()).isZero();
        assertThat(driver.texts()).extracting(OutboundText::sequenceId, OutboundText::step, OutboundText::createdAt)
                .containsExactly(
                        tuple("zz-high", 0, ny("2026-06-02T12:00")),
                        tuple("aa-low", 1, ny("2026-06-03T12:00")));
    }

    // --- fatigue ---------------------------------------------------------------------------------------------

    @Test
    void ignoredTextsFirstStretchTheSpacingThenStopTheSequence() {
        EngineSettings settings = fatigueSettings();
        EngineDriver ignoring = new EngineDriver(settings, "c-1", ny("2026-06-02T09:00"));
        dailyFive(ignoring);
        ignoring.advanceTo(ny("2026-06-12T12:00"));

        // Day 1 and 2 on time; day 3 is the second ignored in a row, so the next gap triples: day 6, where the
        // third ignored text stops the sequence.
        assertThat(ignoring.texts()).extracting(OutboundText::createdAt).containsExactly(
                ny("2026-06-03T12:00"), ny("2026-06-04T12:00"), ny("2026-06-05T12:00"));
        DecisionRecord stopped = single(ignoring.decisions(DecisionOutcome.EXITED));
        assertThat(stopped.reason()).isEqualTo("FATIGUE");
        assertThat(stopped.decidedAt()).isEqualTo(ny("2026-06-08T12:00"));

        EngineDriver clicking = new EngineDriver(settings, "c-2", ny("2026-06-02T09:00"));
        dailyFive(clicking);
        for (int day = 3; day <= 7; day++) {
            clicking.advanceTo(ny("2026-06-0" + day + "T13:00"));
            clicking.click();
        }
        assertThat(clicking.texts()).hasSize(5);
    }

    private static EngineSettings fatigueSettings() {
        return EngineSettings.defaults()
                .withCaps(new ContactCaps(Duration.ofHours(1), 5, 20, null))
                .withFatigue(new FatiguePolicy(2, 3.0, 3, Duration.ofHours(12)));
    }

    private static void dailyFive(EngineDriver driver) {
        String step = """
                  - delay: {after: P1D}
                    templates: {en-US: "Hello again"}
                """;
        driver.publish(definition("daily", "trigger: {type: CHECKOUT}\nsteps:\n" + step.repeat(5)
                + "reentry: {policy: NEVER}\n"));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T12:00"));
        driver.purchase("order-1", line("TEA", "tea", 1, 1500));
    }

    // --- the catalog at send time -----------------------------------------------------------------------------

    @Test
    void anOutOfStockOrInactiveOfferIsNotSentAndTheStepIsSkipped() {
        EngineDriver driver = driver("c-1");
        driver.publish(definition("coffee-followup", """
                trigger: {type: CHECKOUT, categories: [coffee]}
                steps:
                  - delay: {after: P1D}
                    offer: COMPLEMENT
                    templates: {en-US: "Try {productName} ({price})"}
                  - delay: {after: P1D}
                    offer: COMPLEMENT
                    templates: {en-US: "Still good: {productName} ({price})"}
                  - delay: {after: P1D}
                    offer: COMPLEMENT
                    templates: {en-US: "Last: {productName} ({price})"}
                reentry: {policy: NEVER}
                """));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T12:00"));
        driver.purchase("order-1", line("BEANS", "coffee", 1, 1800));

        driver.catalog().setStock("FILTER", 0);
        driver.advanceTo(ny("2026-06-03T18:00"));
        driver.catalog().setStock("FILTER", 4);
        driver.catalog().setActive("FILTER", false);
        driver.advanceTo(ny("2026-06-04T18:00"));
        driver.catalog().setActive("FILTER", true);
        driver.advanceTo(ny("2026-06-05T18:00"));

        assertThat(driver.decisions(DecisionOutcome.SKIPPED)).extracting(DecisionRecord::step, DecisionRecord::reason)
                .containsExactly(tuple(0, "NO_SELLABLE_OFFER"),
                        tuple(1, "NO_SELLABLE_OFFER"));
        assertThat(single(driver.texts()).step()).isEqualTo(2);
    }

    @Test
    void theTextQuotesTheCatalogPriceAtSendTime() {
        EngineDriver driver = driver("c-1");
        driver.publish(definition("coffee-followup", ONE_STEP_CHECKOUT));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T12:00"));
        driver.purchase("order-1", line("BEANS", "coffee", 1, 1800));
        driver.advanceBy(Duration.ofDays(1));
        driver.catalog().setPrice("FILTER", 1399);
        driver.advanceBy(Duration.ofDays(2));

        OutboundText text = single(driver.texts());
        assertThat(text.offerPriceMinor()).isEqualTo(1399);
        assertThat(text.body()).contains("($13.99)");
    }

    @Test
    void aTrackedLinkBaseTurnsTheProductLinkIntoAShortLinkAndKeepsTheTargetForTheRedirect() {
        EngineDriver driver = new EngineDriver(EngineSettings.defaults().withTrackedLinks("https://ndg.to", LINK_SECRET), "c-1",
                ny("2026-06-02T09:00"));
        ITEMS.forEach(driver.catalog()::put);
        driver.publish(definition("coffee-followup", ONE_STEP_CHECKOUT));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T14:00"));
        driver.purchase("order-1", line("BEANS", "coffee", 1, 1800));
        driver.advanceTo(ny("2026-06-04T15:00"));

        OutboundText text = single(driver.texts());
        String link = "https://ndg.to/" + new TrackedLinks(LINK_SECRET).token("demo:\\-:c-1:coffee-followup:1:0:order-1");
        assertThat(text.body()).isEqualTo("Hi Ana, try Name of FILTER ($12.50): " + link + " Reply STOP to opt out.");
        assertThat(text.linkTarget()).isEqualTo("https://shop.example/p/FILTER");
        assertThat(link).hasSize("https://ndg.to/".length() + 11);
    }

    @Test
    void withoutATrackedLinkBaseTheTextCarriesTheProductLinkAndNoTarget() {
        EngineDriver driver = driver("c-1");
        driver.publish(definition("coffee-followup", ONE_STEP_CHECKOUT));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T14:00"));
        driver.purchase("order-1", line("BEANS", "coffee", 1, 1800));
        driver.advanceTo(ny("2026-06-04T15:00"));

        assertThat(single(driver.texts()).linkTarget()).isNull();
    }

    // --- immediate exits ---------------------------------------------------------------------------------------

    @Test
    void aPurchaseExitsAtOnceAndAPendingTimerThenFindsNothingToSend() {
        EngineDriver driver = driver("c-1");
        driver.publish(definition("coffee-followup", "exits: [ANY_PURCHASE]\n" + ONE_STEP_CHECKOUT));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T12:00"));
        driver.purchase("order-1", line("BEANS", "coffee", 1, 1800));
        Instant due = driver.timer();

        driver.advanceBy(Duration.ofDays(1));
        Outcome outcome = driver.purchase("order-2", line("TEA", "tea", 1, 1500));
        assertThat(outcome.decisions()).extracting(DecisionRecord::outcome, DecisionRecord::reason)
                .containsExactly(tuple(DecisionOutcome.EXITED, "PURCHASED"));
        assertThat(outcome.nextWakeUp()).isNotEqualTo(due);
        assertThat(driver.state().active).isEmpty();

        driver.advanceTo(due);
        assertThat(driver.staleWakeUp().texts()).isEmpty();
        driver.advanceBy(Duration.ofDays(5));
        assertThat(driver.texts()).isEmpty();
    }

    @Test
    void aPurchaseThatHappenedBeforeTheLastTextButArrivesAfterItStillExits() {
        EngineDriver driver = driver("c-1");
        driver.publish(definition("coffee-followup", """
                exits: [ANY_PURCHASE]
                trigger: {type: CHECKOUT, categories: [coffee]}
                steps:
                  - delay: {after: P1D}
                    templates: {en-US: "first"}
                  - delay: {after: P1D}
                    templates: {en-US: "second"}
                reentry: {policy: NEVER}
                """));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T12:00"));
        driver.purchase("order-1", line("BEANS", "coffee", 1, 1800));
        driver.advanceTo(ny("2026-06-03T18:00"));
        assertThat(driver.texts()).hasSize(1);

        Outcome late = driver.purchaseAt(ny("2026-06-03T11:00"), "order-2", line("TEA", "tea", 1, 1500));
        assertThat(late.decisions()).extracting(DecisionRecord::reason).containsExactly("PURCHASED");
        driver.advanceBy(Duration.ofDays(3));
        assertThat(driver.texts()).hasSize(1);
    }

    @Test
    void aLatePurchaseThatHappenedBeforeTheRunBeganDoesNotExitIt() {
        EngineDriver driver = driver("c-1");
        driver.publish(definition("coffee-followup", "exits: [ANY_PURCHASE]\n" + ONE_STEP_CHECKOUT));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T12:00"));
        driver.purchase("order-2", line("BEANS", "coffee", 1, 1800));

        Outcome late = driver.purchaseAt(ny("2026-06-01T09:00"), "order-1", line("TEA", "tea", 1, 1500));
        assertThat(late.decisions()).extracting(DecisionRecord::outcome).doesNotContain(DecisionOutcome.EXITED);
        assertThat(driver.state().active).hasSize(1);
        driver.advanceBy(Duration.ofDays(3));
        assertThat(driver.texts()).hasSize(1);
    }

    @Test
    void buyingAnItemAnEarlierStepOfferedExitsAsWellAsTheLatestOne() {
        EngineDriver driver = driver("c-1");
        driver.catalog().put(withAddOns(withComplements(item("BEANS", "coffee", 1800), "FILTER"), "CANISTER"));
        driver.catalog().put(item("CANISTER", "equipment", 2400));
        driver.publish(definition("coffee-followup", """
                exits: [OFFERED_ITEM_PURCHASE]
                trigger: {type: CHECKOUT, categories: [coffee]}
                steps:
                  - delay: {after: P1D}
                    offer: COMPLEMENT
                    templates: {en-US: "Try {productName}"}
                  - delay: {after: P1D}
                    offer: ADD_ON
                    templates: {en-US: "Or {productName}"}
                  - delay: {after: P1D}
                    templates: {en-US: "Enjoy!"}
                reentry: {policy: NEVER}
                """));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T12:00"));
        driver.purchase("order-1", line("BEANS", "coffee", 1, 1800));
        driver.advanceTo(ny("2026-06-04T18:00"));
        assertThat(driver.texts()).extracting(OutboundText::offerSku).containsExactly("FILTER", "CANISTER");

        Outcome bought = driver.purchase("order-2", line("FILTER", "equipment", 1, 1250));
        assertThat(bought.decisions()).extracting(DecisionRecord::reason).containsExactly("PURCHASED_OFFER");
        driver.advanceBy(Duration.ofDays(3));
        assertThat(driver.texts()).hasSize(2);
    }

    @Test
    void stopOptsOutOfEverySequenceAndOfNewOnes() {
        assertExitAndNoNewEntry(EngineDriver::optOut, "OPTED_OUT", "OPTED_OUT");
    }

    @Test
    void revokedConsentEndsEverySequenceAndBlocksNewOnes() {
        assertExitAndNoNewEntry(EngineDriver::revokeConsent, "CONSENT_LOST", "NO_CONSENT");
    }

    @Test
    void twilioUnsubscribedErrorCountsAsAnOptOut() {
        assertExitAndNoNewEntry(driver -> driver.deliveryFailed(21610), "CARRIER_OPT_OUT", "OPTED_OUT");
    }

    @Test
    void twilioInvalidNumberErrorStopsTextingUntilTheNumberChanges() {
        EngineDriver driver = assertExitAndNoNewEntry(d -> d.deliveryFailed(21211), "INVALID_NUMBER", "NO_PHONE");
        driver.grantConsent("+12125550199");
        driver.purchase("order-3", line("BEANS", "coffee", 1, 1800));
        driver.advanceBy(Duration.ofDays(3));
        assertThat(single(driver.texts()).toPhone()).isEqualTo("+12125550199");
    }

    private static EngineDriver assertExitAndNoNewEntry(Consumer<EngineDriver> event,
                                                        String exitReason, String entryBlock) {
        EngineDriver driver = driver("c-1");
        driver.publish(definition("coffee-followup", ONE_STEP_CHECKOUT.replace("NEVER", "AFTER_COMPLETION")));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T12:00"));
        driver.purchase("order-1", line("BEANS", "coffee", 1, 1800));
        driver.advanceBy(Duration.ofDays(1));

        event.accept(driver);
        assertThat(driver.lastOutcome().decisions()).extracting(DecisionRecord::outcome, DecisionRecord::reason)
                .containsExactly(tuple(DecisionOutcome.EXITED, exitReason));
        driver.purchase("order-2", line("BEANS", "coffee", 1, 1800));
        assertThat(driver.lastOutcome().decisions()).extracting(DecisionRecord::outcome, DecisionRecord::reason)
                .containsExactly(tuple(DecisionOutcome.SKIPPED, entryBlock));
        driver.advanceBy(Duration.ofDays(5));
        assertThat(driver.texts()).isEmpty();
        return driver;
    }

    // --- questions -------------------------------------------------------------------------------------------

    private static String twoStepsWithQuestionTimeout(String timeout) {
        return definition("coffee-followup", """
                questionPauseTimeout: %s
                trigger: {type: CHECKOUT, categories: [coffee]}
                steps:
                  - delay: {after: PT1H}
                    templates: {en-US: "first"}
                  - delay: {after: P2D}
                    templates: {en-US: "second"}
                reentry: {policy: NEVER}
                """.formatted(timeout));
    }

    /** Bought at 10:00 on June 2; the first text goes at 11:00, the second is due June 4 at 11:00. */
    private static EngineDriver questionAskedAtNoon(String timeout) {
        EngineDriver driver = driver("c-1");
        driver.publish(twoStepsWithQuestionTimeout(timeout));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T10:00"));
        driver.purchase("order-1", line("BEANS", "coffee", 1, 1800));
        driver.advanceTo(ny("2026-06-02T12:00"));
        assertThat(driver.texts()).hasSize(1);
        driver.reply(ReplyIntent.QUESTION);
        return driver;
    }

    @Test
    void aQuestionPausesTheSequenceUntilAnAnswerResolvesIt() {
        EngineDriver driver = questionAskedAtNoon("P3D");
        DecisionRecord paused = single(driver.decisions(DecisionOutcome.PAUSED));
        assertThat(paused.deferredUntil()).isEqualTo(ny("2026-06-05T12:00"));

        driver.advanceTo(ny("2026-06-04T15:00"));
        assertThat(driver.texts()).hasSize(1);
        driver.reply(ReplyIntent.POSITIVE);
        assertThat(single(driver.decisions(DecisionOutcome.RESUMED)).reason()).isEqualTo("ANSWERED");
        assertThat(driver.texts()).extracting(OutboundText::createdAt)
                .containsExactly(ny("2026-06-02T11:00"), ny("2026-06-04T15:00"));
    }

    @Test
    void aQuestionPauseThatOutlastsTheDueTimeResumesAtItsTimeout() {
        EngineDriver driver = questionAskedAtNoon("P3D");
        driver.advanceTo(ny("2026-06-06T12:00"));
        assertThat(single(driver.decisions(DecisionOutcome.RESUMED)).reason()).isEqualTo("QUESTION_TIMEOUT");
        assertThat(driver.texts()).extracting(OutboundText::createdAt)
                .containsExactly(ny("2026-06-02T11:00"), ny("2026-06-05T12:00"));
    }

    @Test
    void aQuestionPauseThatEndsBeforeTheDueTimeDoesNotBringTheStepForward() {
        EngineDriver driver = questionAskedAtNoon("PT24H");
        driver.advanceTo(ny("2026-06-03T13:00"));
        assertThat(single(driver.decisions(DecisionOutcome.RESUMED)).decidedAt()).isEqualTo(ny("2026-06-03T12:00"));
        assertThat(driver.texts()).hasSize(1);
        driver.advanceTo(ny("2026-06-05T12:00"));
        assertThat(driver.texts()).extracting(OutboundText::createdAt)
                .containsExactly(ny("2026-06-02T11:00"), ny("2026-06-04T11:00"));
    }

    @Test
    void aQuestionEndsTheSequenceWhenTheDefinitionSaysSo() {
        EngineDriver driver = driver("c-1");
        driver.publish(twoStepsWithQuestionTimeout("PT24H").replace("reentry:", "exits: [QUESTION]\nreentry:"));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T10:00"));
        driver.purchase("order-1", line("BEANS", "coffee", 1, 1800));
        driver.advanceTo(ny("2026-06-02T12:00"));
        driver.reply(ReplyIntent.QUESTION);
        assertThat(single(driver.decisions(DecisionOutcome.EXITED)).reason()).isEqualTo("QUESTION");
        driver.advanceBy(Duration.ofDays(5));
        assertThat(driver.texts()).hasSize(1);
    }

    @Test
    void helpWaitsForAnAnswerLikeAQuestion() {
        EngineDriver driver = driver("c-1");
        driver.publish(twoStepsWithQuestionTimeout("P3D"));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T10:00"));
        driver.purchase("order-1", line("BEANS", "coffee", 1, 1800));
        driver.advanceTo(ny("2026-06-02T12:00"));
        driver.engage(EngagementKind.HELP, null, null);
        assertThat(driver.decisions(DecisionOutcome.PAUSED)).hasSize(1);
        driver.advanceTo(ny("2026-06-04T18:00"));
        assertThat(driver.texts()).hasSize(1);
    }

    // --- holdout, re-entry and idempotency ---------------------------------------------------------------------

    @Test
    void aHeldOutCustomerEntersTheMeasurementButIsNeverTexted() {
        SequenceDefinition definition = driver("probe").publish(definition("coffee-followup",
                "holdoutPercent: 50\n" + ONE_STEP_CHECKOUT));
        String heldOut = customerWhere(id -> Assignment.heldOut(definition, id));
        String texted = customerWhere(id -> !Assignment.heldOut(definition, id));

        for (String customer : List.of(heldOut, texted)) {
            EngineDriver driver = driver(customer);
            driver.publish(definition("coffee-followup", "holdoutPercent: 50\n" + ONE_STEP_CHECKOUT));
            driver.grantConsent(NY_PHONE);
            driver.advanceTo(ny("2026-06-02T12:00"));
            driver.purchase("order-1", line("BEANS", "coffee", 1, 1800));
            driver.advanceBy(Duration.ofDays(5));
            if (customer.equals(heldOut)) {
                assertThat(single(driver.decisions(DecisionOutcome.HELD_OUT)).reason()).isEqualTo("HOLDOUT");
                assertThat(driver.decisions(DecisionOutcome.ENTERED)).isEmpty();
                assertThat(driver.texts()).isEmpty();
            } else {
                assertThat(driver.decisions(DecisionOutcome.HELD_OUT)).isEmpty();
                assertThat(driver.texts()).hasSize(1);
            }
        }
    }

    @Test
    void reentryNeverAllowsOneRunPerCustomer() {
        EngineDriver driver = driver("c-1");
        driver.publish(definition("coffee-followup", ONE_STEP_CHECKOUT));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T12:00"));
        driver.purchase("order-1", line("BEANS", "coffee", 1, 1800));
        driver.advanceBy(Duration.ofDays(1));
        assertThat(driver.purchase("order-2", line("BEANS", "coffee", 1, 1800)).decisions())
                .extracting(DecisionRecord::reason).containsExactly("ALREADY_ACTIVE");
        driver.advanceBy(Duration.ofDays(30));
        assertThat(driver.purchase("order-3", line("BEANS", "coffee", 1, 1800)).decisions())
                .extracting(DecisionRecord::reason).containsExactly("REENTRY_NEVER");
        assertThat(driver.texts()).hasSize(1);
    }

    @Test
    void reentryCooldownAllowsANewRunOnceTheCooldownHasPassed() {
        EngineDriver driver = driver("c-1");
        driver.publish(definition("coffee-followup",
                ONE_STEP_CHECKOUT.replace("{policy: NEVER}", "{policy: COOLDOWN, cooldown: P7D}")));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T12:00"));
        driver.purchase("order-1", line("BEANS", "coffee", 1, 1800));
        driver.advanceTo(ny("2026-06-05T12:00"));
        assertThat(driver.texts()).hasSize(1);

        driver.advanceTo(ny("2026-06-11T11:00"));
        assertThat(driver.purchase("order-2", line("BEANS", "coffee", 1, 1800)).decisions())
                .extracting(DecisionRecord::reason).containsExactly("REENTRY_COOLDOWN");
        driver.advanceTo(ny("2026-06-11T12:00"));
        assertThat(driver.purchase("order-3", line("BEANS", "coffee", 1, 1800)).decisions())
                .extracting(DecisionRecord::outcome).containsExactly(DecisionOutcome.ENTERED);
        driver.advanceBy(Duration.ofDays(3));
        assertThat(driver.texts()).extracting(OutboundText::triggerId).containsExactly("order-1", "order-3");
    }

    @Test
    void aReplayedTriggerNeverProducesASecondTextWithTheSameKey() {
        EngineDriver driver = driver("c-1");
        driver.publish(definition("coffee-followup", ONE_STEP_CHECKOUT.replace("NEVER", "AFTER_COMPLETION")));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T12:00"));
        Instant boughtAt = driver.now();
        driver.purchase("order-1", line("BEANS", "coffee", 1, 1800));
        driver.advanceBy(Duration.ofDays(3));
        driver.purchaseAt(boughtAt, "order-1", line("BEANS", "coffee", 1, 1800));
        driver.advanceBy(Duration.ofDays(3));
        assertThat(driver.texts()).extracting(OutboundText::intentId).doesNotHaveDuplicates().hasSize(1);
    }

    // --- versions -------------------------------------------------------------------------------------------

    private static final String TWO_STEPS = """
            onNewVersion: %s
            trigger: {type: CHECKOUT, categories: [coffee]}
            steps:
              - delay: {after: P1D}
                templates: {en-US: "v%d first"}
              - delay: {after: P1D}
                templates: {en-US: "v%d second"}
            reentry: {policy: NEVER}
            """;

    /** Enters on version 1, gets its first text, then version 2 is published with the given policy. */
    private static EngineDriver versionTwoArrivesAfterTheFirstText(String policy) {
        EngineDriver driver = driver("c-1");
        driver.publish(definition("coffee-followup", TWO_STEPS.formatted("FINISH_ON_OLD", 1, 1)));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T12:00"));
        driver.purchase("order-1", line("BEANS", "coffee", 1, 1800));
        driver.advanceTo(ny("2026-06-03T18:00"));
        driver.publish(definition("coffee-followup", TWO_STEPS.formatted(policy, 2, 2)).replace("version: 1", "version: 2"));
        driver.advanceTo(ny("2026-06-06T18:00"));
        return driver;
    }

    @Test
    void aPausedDefinitionHoldsTheRunWithOneDecisionAndReleasesItWhenLiveAgain() {
        EngineDriver driver = driver("c-1");
        enterThenPauseTheDefinition(driver);
        driver.advanceTo(ny("2026-06-05T12:00"));
        assertThat(driver.texts()).isEmpty();
        assertThat(driver.decisions(DecisionOutcome.DEFERRED)).extracting(DecisionRecord::reason)
                .containsExactly("SEQUENCE_PAUSED");

        driver.publish(definition("coffee-followup", TWO_STEPS.formatted("MOVE_TO_NEW", 3, 3))
                .replace("version: 1", "version: 3"));
        driver.advanceTo(ny("2026-06-05T14:00"));
        assertThat(driver.texts()).extracting(OutboundText::sequenceVersion).containsExactly(3);
        assertThat(driver.state().active.get(0).heldSinceMillis).isZero();
    }

    /** Enters a run on version 1 at noon on June 2, then version 2 pauses the sequence. */
    private static void enterThenPauseTheDefinition(EngineDriver driver) {
        driver.publish(definition("coffee-followup", TWO_STEPS.formatted("MOVE_TO_NEW", 1, 1)));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T12:00"));
        driver.purchase("order-1", line("BEANS", "coffee", 1, 1800));
        driver.publish(definition("coffee-followup", TWO_STEPS.formatted("MOVE_TO_NEW", 2, 2))
                .replace("version: 1", "version: 2").replace("status: LIVE", "status: PAUSED"));
    }

    @Test
    void finishOnOldKeepsCustomersInFlightOnTheirVersion() {
        EngineDriver driver = versionTwoArrivesAfterTheFirstText("FINISH_ON_OLD");
        assertThat(driver.texts()).extracting(OutboundText::sequenceVersion, OutboundText::body)
                .containsExactly(tuple(1, "v1 first Reply STOP to opt out."),
                        tuple(1, "v1 second Reply STOP to opt out."));
    }

    @Test
    void moveToNewContinuesOnTheNewStepsFromTheSameIndex() {
        EngineDriver driver = versionTwoArrivesAfterTheFirstText("MOVE_TO_NEW");
        assertThat(driver.texts()).extracting(OutboundText::sequenceVersion, OutboundText::body)
                .containsExactly(tuple(1, "v1 first Reply STOP to opt out."),
                        tuple(2, "v2 second Reply STOP to opt out."));
        assertThat(driver.texts().get(1).intentId()).isEqualTo("demo:\\-:c-1:coffee-followup:2:1:order-1");
    }

    @Test
    void exitOnNewVersionEndsTheRunWithoutFurtherTexts() {
        EngineDriver driver = versionTwoArrivesAfterTheFirstText("EXIT");
        assertThat(driver.texts()).hasSize(1);
        DecisionRecord exited = single(driver.decisions(DecisionOutcome.EXITED));
        assertThat(exited.reason()).isEqualTo("DEFINITION_UPDATED");
        assertThat(exited.decidedAt()).isEqualTo(ny("2026-06-04T12:00"));
    }

    // --- browse abandon ------------------------------------------------------------------------------------------

    private static final String BROWSE_ABANDON = """
            trigger: {type: BROWSE_ABANDON, categories: [coffee], abandonWindow: PT2H}
            steps:
              - delay: {nextDayAt: "11:00"}
                offer: TRIGGER_ITEM
                templates: {en-US: "Still thinking about {productName}? {link}"}
            exits: [REPLY]
            reentry: {policy: COOLDOWN, cooldown: P14D}
            """;

    private static EngineDriver viewedBeansAtThree() {
        EngineDriver driver = driver("c-1");
        driver.publish(definition("browse-abandon", BROWSE_ABANDON));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T15:00"));
        driver.browse(BrowseKind.VIEW, "BEANS", "coffee");
        return driver;
    }

    @Test
    void anAbandonedItemIsOfferedTheNextDay() {
        EngineDriver driver = viewedBeansAtThree();
        driver.advanceTo(ny("2026-06-04T12:00"));
        OutboundText text = single(driver.texts());
        assertThat(text.createdAt()).isEqualTo(ny("2026-06-03T11:00"));
        assertThat(text.offerSku()).isEqualTo("BEANS");
    }

    @Test
    void buyingTheItemWithinTheWindowCancelsTheAbandonWithoutACooldown() {
        EngineDriver driver = viewedBeansAtThree();
        driver.advanceTo(ny("2026-06-02T16:00"));
        driver.purchase("order-1", line("BEANS", "coffee", 1, 1800));
        driver.advanceTo(ny("2026-06-04T12:00"));
        assertThat(driver.texts()).isEmpty();

        // The customer never abandoned anything, so a later abandon is not held back by the re-entry cooldown.
        driver.browse(BrowseKind.ADD_TO_CART, "DECAF", "coffee");
        assertThat(driver.lastOutcome().decisions()).extracting(DecisionRecord::outcome)
                .containsExactly(DecisionOutcome.ENTERED);
    }

    @Test
    void buyingSomethingOfTheSameCategoryAlsoCancelsTheAbandon() {
        EngineDriver driver = viewedBeansAtThree();
        driver.advanceTo(ny("2026-06-02T16:00"));
        driver.purchase("order-1", line("DECAF", "coffee", 1, 1700));
        driver.advanceTo(ny("2026-06-04T12:00"));
        assertThat(driver.texts()).isEmpty();
    }

    @Test
    void takingTheItemOutOfTheCartCancelsTheAbandon() {
        EngineDriver driver = viewedBeansAtThree();
        driver.advanceTo(ny("2026-06-02T15:30"));
        driver.browse(BrowseKind.REMOVE_FROM_CART, "BEANS", "coffee");
        driver.advanceTo(ny("2026-06-04T12:00"));
        assertThat(driver.texts()).isEmpty();
    }

    // --- state lifetime ------------------------------------------------------------------------------------------

    @Test
    void behaviourIsForgottenOnceNothingIsPendingForTheRetentionPeriodButNotWhoTheCustomerIs() {
        EngineDriver driver = new EngineDriver(EngineSettings.defaults().withRetention(Duration.ofDays(10)), "c-1",
                ny("2026-06-02T09:00"));
        driver.catalog().put(item("TEA", "tea", 1500));
        driver.publish(definition("thanks", informational("{type: CHECKOUT}", "PT1H")));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T12:00"));
        driver.purchase("order-1", line("TEA", "tea", 1, 1500));
        driver.advanceTo(ny("2026-06-12T11:59"));
        assertThat(driver.state().owned).isNotEmpty();
        assertThat(driver.timer()).isEqualTo(ny("2026-06-12T12:00"));

        driver.advanceTo(ny("2026-06-12T12:00"));
        assertThat(driver.lastOutcome().clearState()).isFalse();
        assertThat(driver.timer()).isNull();
        CustomerState kept = driver.state();
        assertThat(List.of(kept.owned, kept.active, kept.sends.getSends()))
                .allSatisfy(behaviour -> assertThat(behaviour).isEmpty());
        assertThat(kept.lastExitMillis).isEmpty();
        assertThat(kept.recentRuns.isEmpty() && kept.recentEngagements.isEmpty()).isTrue();
        assertThat(kept.phone).isEqualTo(NY_PHONE);
        assertThat(kept.firstName).isEqualTo("Ana");
        assertThat(kept.consent.textable(NY_PHONE)).isTrue();
    }

    @Test
    void whatACustomerDidIsForgottenOnceItsBoundPassesWhileTheyStayActive() {
        EngineSettings defaults = EngineSettings.defaults();
        EngineSettings settings = new EngineSettings(defaults.quietHours(), defaults.defaultCaps(), defaults.capsByBrand(),
                defaults.fatigue(), defaults.defaultZone(), defaults.zoneByBrand(), Duration.ofDays(10),
                Duration.ofDays(20), defaults.maxOwned(), defaults.intentTtl(), defaults.optOutNotice(),
                defaults.trackedLinkBase(), defaults.trackedLinks());
        EngineDriver driver = new EngineDriver(settings, "c-1", ny("2026-06-02T09:00"));
        driver.catalog().put(item("TEA", "tea", 1500));
        driver.publish(definition("thanks", informational("{type: CHECKOUT}", "PT1H")));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T12:00"));
        driver.purchase("order-1", line("TEA", "tea", 1, 1500));
        driver.advanceTo(ny("2026-06-02T14:00"));
        driver.deliver(new CustomerInput.Engaged(new Engagement(driver.now(), EngagementKind.CLICKED, null, null, null,
                null, null, "click-1", null)));
        for (int day = 1; day <= 30; day++) {
            driver.advanceTo(ny("2026-06-02T12:00").plus(Duration.ofDays(day)));
            driver.browse(BrowseKind.VIEW, "TEA", "tea");
        }
        assertThat(driver.texts()).hasSize(1);
        CustomerState state = driver.state();
        assertThat(state.owned).as("owned").isEmpty();
        assertThat(state.lastExitMillis).as("exits").isEmpty();
        assertThat(state.recentRuns.isEmpty()).as("no started runs").isTrue();
        assertThat(state.sends.getSends()).as("sends").isEmpty();
    }

    @Test
    void aPausedDefinitionHoldsARunNoLongerThanTheRetention() {
        EngineDriver driver = new EngineDriver(EngineSettings.defaults().withRetention(Duration.ofDays(10)), "c-1",
                ny("2026-06-02T09:00"));
        driver.catalog().put(item("BEANS", "coffee", 1800));
        enterThenPauseTheDefinition(driver);

        driver.advanceTo(ny("2026-06-14T12:00"));
        assertThat(driver.texts()).isEmpty();
        assertThat(driver.decisions()).extracting(DecisionRecord::outcome, DecisionRecord::reason).containsExactly(
                tuple(DecisionOutcome.ENTERED, "TRIGGERED"), tuple(DecisionOutcome.DEFERRED, "SEQUENCE_PAUSED"),
                tuple(DecisionOutcome.EXITED, "SEQUENCE_PAUSED"));
        assertThat(driver.state().active).isEmpty();
        driver.advanceTo(ny("2026-06-30T12:00"));
        assertThat(driver.timer()).isNull();
    }

    @Test
    void theStateOutlivesTheRetentionWhileARecentTextStillCountsForTheCaps() {
        EngineDriver driver = new EngineDriver(EngineSettings.defaults().withRetention(Duration.ofDays(1)), "c-1",
                ny("2026-06-02T09:00"));
        driver.catalog().put(item("TEA", "tea", 1500));
        driver.publish(definition("later", informational("{type: SIGN_UP}", "P2D")));
        driver.publish(definition("thanks", informational("{type: CHECKOUT}", "PT1H")));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T12:00"));
        driver.signUp();
        driver.advanceTo(ny("2026-06-04T12:30"));
        assertThat(driver.texts()).hasSize(1);
        assertThat(driver.state()).isNotNull();

        driver.purchase("order-1", line("TEA", "tea", 1, 1500));
        driver.advanceTo(ny("2026-06-05T18:00"));
        assertThat(driver.texts()).extracting(OutboundText::createdAt)
                .containsExactly(ny("2026-06-04T12:00"), ny("2026-06-05T12:00"));
        driver.advanceTo(ny("2026-06-20T12:00"));
        assertThat(driver.state().sends.getSends()).isEmpty();
        assertThat(driver.timer()).isNull();
    }

    // --- consent as a ledger in event time (issue 10) ---------------------------------------------------------

    @Test
    void aConsentGrantedBeforeAStopButArrivingAfterItDoesNotUndoTheStop() {
        EngineDriver driver = consentedCoffeeCustomer();
        driver.optOut();
        driver.deliver(consentChange(CustomerChangeKind.CONSENT_GRANTED, driver.now().minus(Duration.ofHours(1)), NY_PHONE));
        assertNotTextedAfterACheckout(driver, "OPTED_OUT");
    }

    @Test
    void aYesOrStartWithoutConsentCreatesNone() {
        EngineDriver driver = consentedCoffeeCustomer();
        driver.revokeConsent();
        driver.advanceBy(Duration.ofMinutes(1));
        driver.engage(EngagementKind.OPTED_IN, ReplyIntent.POSITIVE, null);
        assertNotTextedAfterACheckout(driver, "NO_CONSENT");
    }

    @Test
    void aStartLiftsTheStopAndRestoresTheConsentThereWasBeforeIt() {
        EngineDriver driver = consentedCoffeeCustomer();
        driver.optOut();
        driver.advanceBy(Duration.ofMinutes(1));
        driver.engage(EngagementKind.OPTED_IN, ReplyIntent.POSITIVE, null);
        driver.purchase("order-2", line("BEANS", "coffee", 1, 1800));
        driver.advanceBy(Duration.ofDays(3));
        assertThat(driver.texts()).hasSize(1);
    }

    @Test
    void aConsentNewerThanTheStopBringsTextingBack() {
        EngineDriver driver = consentedCoffeeCustomer();
        driver.optOut();
        driver.advanceBy(Duration.ofMinutes(1));
        driver.grantConsent(NY_PHONE);
        driver.purchase("order-2", line("BEANS", "coffee", 1, 1800));
        driver.advanceBy(Duration.ofDays(3));
        assertThat(driver.texts()).hasSize(1);
    }

    @Test
    void aNewPhoneNumberHasNoConsentUntilAConsentEventNamesIt() {
        EngineDriver driver = consentedCoffeeCustomer();
        driver.changePhone(LA_PHONE);
        assertNotTextedAfterACheckout(driver, "NO_CONSENT");

        driver.grantConsent(LA_PHONE);
        driver.purchase("order-3", line("BEANS", "coffee", 1, 1800));
        driver.advanceBy(Duration.ofDays(3));
        assertThat(single(driver.texts()).toPhone()).isEqualTo(LA_PHONE);
    }

    @Test
    void aReplayedStartChangesNothingAndAnEngagementIdIsAppliedOnce() {
        EngineDriver driver = consentedCoffeeCustomer();
        driver.optOut();
        driver.advanceBy(Duration.ofMinutes(1));
        Engagement start = new Engagement(driver.now(), EngagementKind.OPTED_IN, null, null, null, null, null,
                "inbound:SM1", NY_PHONE);
        driver.deliver(new CustomerInput.Engaged(start));
        driver.advanceBy(Duration.ofMinutes(1));
        driver.optOut();
        driver.advanceBy(Duration.ofMinutes(1));
        Outcome replayed = driver.deliver(new CustomerInput.Engaged(start));
        assertThat(replayed.consent()).as("a replay is no news for the suppression list").isEmpty();
        assertNotTextedAfterACheckout(driver, "OPTED_OUT");
        assertThat(driver.state().recentEngagements.entries()).extracting(RecentKeys.Entry::key)
                .containsOnlyOnce(Keys.hash("inbound:SM1"));
    }

    @Test
    void anOptOutOfAnotherNumberLeavesTheCurrentOneAlone() {
        EngineDriver driver = consentedCoffeeCustomer();
        driver.deliver(new CustomerInput.Engaged(new Engagement(driver.now(), EngagementKind.OPTED_OUT, null, null,
                null, null, null, "inbound:SM2", LA_PHONE)));
        assertThat(driver.state().consent.optedOut(LA_PHONE)).isTrue();
        driver.purchase("order-2", line("BEANS", "coffee", 1, 1800));
        driver.advanceBy(Duration.ofDays(3));
        assertThat(single(driver.texts()).toPhone()).isEqualTo(NY_PHONE);
    }

    @Test
    void consentAndOptOutsOutliveTheRetentionPeriod() {
        EngineDriver texted = consentedCoffeeCustomer();
        texted.advanceBy(Duration.ofDays(200));
        texted.purchase("order-2", line("BEANS", "coffee", 1, 1800));
        texted.advanceBy(Duration.ofDays(3));
        assertThat(single(texted.texts()).toPhone()).as("a customer back after 200 quiet days").isEqualTo(NY_PHONE);

        EngineDriver stopped = consentedCoffeeCustomer();
        stopped.optOut();
        stopped.advanceBy(Duration.ofDays(200));
        assertThat(stopped.timer()).as("no timer once the behaviour is forgotten").isNull();
        assertNotTextedAfterACheckout(stopped, "OPTED_OUT");
    }

    @Test
    void anErasureRemovesEverythingAndEndsEveryRun() {
        EngineDriver driver = consentedCoffeeCustomer();
        driver.purchase("order-1", line("BEANS", "coffee", 1, 1800));
        Outcome erased = driver.deliver(consentChange(CustomerChangeKind.CUSTOMER_ERASED, driver.now(), null));
        assertThat(erased.clearState()).isTrue();
        assertThat(erased.decisions()).extracting(DecisionRecord::reason).containsExactly("ERASED");
        assertThat(driver.state()).isNull();
        assertThat(driver.timer()).isNull();
        driver.advanceBy(Duration.ofDays(3));
        driver.purchase("order-2", line("BEANS", "coffee", 1, 1800));
        driver.advanceBy(Duration.ofDays(3));
        assertThat(driver.texts()).isEmpty();
    }

    @Test
    void everyConsentChangeIsReportedOnceForTheSuppressionList() {
        EngineDriver driver = driver("c-1");
        assertThat(driver.grantConsent(NY_PHONE).consent()).singleElement()
                .satisfies(fact -> assertThat(List.of(fact.phone(), fact.kind())).containsExactly(NY_PHONE, ConsentKind.GRANTED));
        assertThat(driver.optOut().consent()).extracting(ConsentFact::kind).containsExactly(ConsentKind.OPTED_OUT);
        assertThat(driver.deliveryFailed(21610).consent()).as("an older or equal opt-out is no news").isEmpty();
        driver.advanceBy(Duration.ofMinutes(1));
        assertThat(driver.revokeConsent().consent()).extracting(ConsentFact::kind).containsExactly(ConsentKind.REVOKED);
    }

    /** A customer with consent for NY_PHONE and the one-step coffee checkout, which they may re-enter. */
    private static EngineDriver consentedCoffeeCustomer() {
        EngineDriver driver = driver("c-1");
        driver.publish(definition("coffee-followup", ONE_STEP_CHECKOUT.replace("NEVER", "AFTER_COMPLETION")));
        driver.grantConsent(NY_PHONE);
        driver.advanceTo(ny("2026-06-02T12:00"));
        return driver;
    }

    private static void assertNotTextedAfterACheckout(EngineDriver driver, String block) {
        driver.advanceBy(Duration.ofMinutes(1));
        driver.purchase("order-" + driver.now().toEpochMilli(), line("BEANS", "coffee", 1, 1800));
        driver.advanceBy(Duration.ofDays(3));
        assertThat(driver.texts()).isEmpty();
        assertThat(driver.decisions()).extracting(DecisionRecord::reason).contains(block);
    }

    private static CustomerInput consentChange(CustomerChangeKind kind, Instant at, String phone) {
        return new CustomerInput.Changed(new CustomerChange(at, kind, phone, null, null, null, null, "test", null, null));
    }

    @Test
    void theConsentLedgerIsAFlinkPojoSoTheDispatchersStateNeverFallsBackToKryo() {
        FlinkPojoShape.assertFlinkPojo(ConsentLedger.class);
        FlinkPojoShape.assertFlinkPojo(PhoneConsent.class);
        FlinkPojoShape.assertFlinkPojo(ConsentMark.class);
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static EngineDriver driver(String customerId) {
        EngineDriver driver = new EngineDriver(EngineSettings.defaults(), customerId, ny("2026-06-02T09:00"));
        ITEMS.forEach(driver.catalog()::put);
        return driver;
    }

    /** A version-1 LIVE definition of brand "demo"; body holds every other key. */
    static String definition(String id, String body) {
        return "id: " + id + "\nversion: 1\nstatus: LIVE\nbrandId: demo\n" + body;
    }

    /** One plain text, without an offer, after a delay. */
    private static String informational(String trigger, String after) {
        return """
                trigger: %s
                steps:
                  - delay: {after: %s}
                    templates: {en-US: "Hi {firstName}, thanks!"}
                reentry: {policy: NEVER}
                """.formatted(trigger, after);
    }

    private static String customerWhere(Predicate<String> wanted) {
        return IntStream.range(0, 1000).mapToObj(i -> "c-" + i).filter(wanted).findFirst().orElseThrow();
    }

    private static <T> T single(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    static Instant ny(String localDateTime) {
        return local(localDateTime, NEW_YORK);
    }

    private static Instant local(String localDateTime, ZoneId zone) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }
}
