package dev.nudge.replay;

import dev.nudge.domain.definition.SequenceDefinition;
import dev.nudge.events.Decision;
import dev.nudge.events.DecisionOutcome;
import dev.nudge.events.LineItem;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SalesChannel;
import dev.nudge.events.SmsIntent;
import dev.nudge.events.Tenant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replay's comparison of texted and held-out entries on a history where both arms behave the same: whoever
 * buys does so whether texted or not. Customers 0 to 3 of each arm buy a day after entering (before the first text,
 * due two days after the entry, so a texted one leaves the sequence untexted), 4 and 5 buy two and a half days after,
 * 6 to 9 never. The true effect is zero, and so must be the lift.
 */
class ReplayReportTest {

    private static final Path ROOT = Path.of(System.getProperty("nudge.root"));
    private static final Instant ENTRY = Instant.parse("2026-03-02T15:00:00Z");
    private static final Tenant TENANT = new Tenant("demo-roasters", null);

    @Test
    void everyEntryOfBothArmsCountsFromItsEntryWhateverTheTextsDid() throws Exception {
        SequenceDefinition definition = CandidateDefinition.parse(
                Files.readString(ROOT.resolve("sequences/coffee-checkout-addon.yaml"))).definition();
        List<Decision> decisions = new ArrayList<>();
        List<SmsIntent> texts = new ArrayList<>();
        List<PurchaseEvent> orders = new ArrayList<>();
        for (String arm : List.of("t", "h")) {
            for (int i = 0; i < 10; i++) {
                String customer = arm + i;
                boolean heldOut = arm.equals("h");
                decisions.add(decision(customer, heldOut ? DecisionOutcome.HELD_OUT : DecisionOutcome.ENTERED));
                if (i < 4) {
                    orders.add(order(customer, ENTRY.plus(Duration.ofDays(1))));
                } else if (i < 6) {
                    orders.add(order(customer, ENTRY.plus(Duration.ofHours(60))));
                }
                if (!heldOut && i >= 4) {
                    texts.add(text(customer, ENTRY.plus(Duration.ofDays(2))));
                }
            }
        }

        ReplayReport report = ReplayReport.of(null, orders, definition,
                new ReplayOutput(texts, decisions, List.of(), List.of()), ZoneId.of("Europe/London"));

        assertThat(report.intentionToTreat().treated()).isEqualTo(10);
        assertThat(report.intentionToTreat().treatedConverted()).isEqualTo(6);
        assertThat(report.intentionToTreat().heldOut()).isEqualTo(10);
        assertThat(report.intentionToTreat().heldOutConverted()).isEqualTo(6);
        assertThat(report.intentionToTreat().lift()).hasValue(0.0);
        assertThat(report.summary()).contains("entered and texted 6 of 10 bought (60.0%), held out 6 of 10 (60.0%); "
                + "lift +0.0 points");
    }

    @Test
    void withoutAHoldOutTheReportSaysThereIsNoLift() throws Exception {
        SequenceDefinition definition = CandidateDefinition.parse(
                Files.readString(ROOT.resolve("sequences/coffee-checkout-addon.yaml"))).definition();
        ReplayReport report = ReplayReport.of(null, List.of(order("t0", ENTRY.plus(Duration.ofDays(1)))), definition,
                new ReplayOutput(List.of(), List.of(decision("t0", DecisionOutcome.ENTERED)), List.of(), List.of()),
                ZoneId.of("Europe/London"));

        assertThat(report.intentionToTreat().lift()).isEmpty();
        assertThat(report.intentionToTreat().interval()).isEmpty();
        assertThat(report.summary()).contains("no hold-out: no lift can be measured");
    }

    private static Decision decision(String customer, DecisionOutcome outcome) {
        return Decision.newBuilder().setDecisionId(customer + ":" + outcome).setTenant(TENANT).setCustomerId(customer)
                .setDecidedAt(ENTRY).setOutcome(outcome).setReason(outcome.name()).setRuleVersion("coffee-checkout-addon@1")
                .setSequenceId("coffee-checkout-addon").setSequenceVersion(1).setTriggerId("t-" + customer).build();
    }

    private static SmsIntent text(String customer, Instant at) {
        return SmsIntent.newBuilder().setIntentId(customer + ":0").setTenant(TENANT).setCustomerId(customer)
                .setCreatedAt(at).setNotAfter(at.plusSeconds(3600)).setToPhone("+15550000001").setBody("Hi")
                .setLocale("en-GB").setTimeZone("Europe/London").setQuietStartMinute(1260).setQuietEndMinute(480)
                .setSequenceId("coffee-checkout-addon").setSequenceVersion(1).setStep(0).setTriggerId("t-" + customer)
                .setVariant("A").build();
    }

    private static PurchaseEvent order(String customer, Instant at) {
        return PurchaseEvent.newBuilder().setEventId(customer + at).setTenant(TENANT).setCustomerId(customer)
                .setEventTime(at).setOrderId(customer + at).setLines(List.of(new LineItem("CHO01", "chocolate",
                        "chocolate", 1, 210L, "GBP"))).setTotalMinor(210).setCurrency("GBP")
                .setChannel(SalesChannel.OTHER).build();
    }
}
