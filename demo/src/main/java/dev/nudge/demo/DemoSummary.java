package dev.nudge.demo;

import dev.nudge.events.Decision;
import dev.nudge.events.DecisionOutcome;
import dev.nudge.events.PurchaseEvent;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The figures a person wants after the run: what was sent, held back and why, and what it earned. */
final class DemoSummary {

    /** The window in which a purchase after entering a sequence counts, for texted and held-out customers alike. */
    static final Duration LIFT_WINDOW = Duration.ofDays(3);

    private DemoSummary() {}

    static void print(PrintStream out, DemoTally tally, List<Decision> decisions, int twilioMessages, long clickHouseRows) {
        out.printf("%n  %-34s %,d%n", "simulated events", tally.events);
        out.printf("  %-34s %,d (%,d received by the Twilio-compatible server)%n", "texts sent", tally.texts.size(), twilioMessages);
        printCounts(out, "deferred (sent later)", countReasons(decisions, DecisionOutcome.DEFERRED));
        printCounts(out, "skipped", countReasons(decisions, DecisionOutcome.SKIPPED));
        printCounts(out, "exits", countReasons(decisions, DecisionOutcome.EXITED));
        out.printf("  %-34s %,d completed, %,d held out%n", "sequences",
                count(decisions, DecisionOutcome.COMPLETED), count(decisions, DecisionOutcome.HELD_OUT));
        out.printf("  %-34s %,d clicks, %,d replies, %,d opt-outs%n", "engagement", tally.clicks, tally.replies, tally.optOuts);
        out.printf("  %-34s %,d purchases, $%,.2f%n", "conversions after a text", tally.conversions,
                tally.conversionRevenueMinor / 100.0);
        printLift(out, decisions, tally.purchases);
        out.printf("  %-34s %,d rows in nudge.purchases%n", "ClickHouse", clickHouseRows);
    }

    private static void printLift(PrintStream out, List<Decision> decisions, List<PurchaseEvent> purchases) {
        Map<String, List<Instant>> purchasesByCustomer = purchases.stream().collect(Collectors.groupingBy(
                PurchaseEvent::getCustomerId, Collectors.mapping(PurchaseEvent::getEventTime, Collectors.toList())));
        double texted = purchaseRate(decisions, DecisionOutcome.ENTERED, purchasesByCustomer);
        double heldOut = purchaseRate(decisions, DecisionOutcome.HELD_OUT, purchasesByCustomer);
        out.printf("  %-34s %.1f%% of entered customers bought again within %d days, %.1f%% of held-out ones: %+.1f points%n",
                "lift over holdout", 100 * texted, LIFT_WINDOW.toDays(), 100 * heldOut, 100 * (texted - heldOut));
    }

    private static double purchaseRate(List<Decision> decisions, DecisionOutcome outcome,
                                       Map<String, List<Instant>> purchasesByCustomer) {
        List<Decision> entries = decisions.stream().filter(d -> d.getOutcome() == outcome).toList();
        if (entries.isEmpty()) {
            return 0;
        }
        long bought = entries.stream().filter(entry -> purchasesByCustomer.getOrDefault(entry.getCustomerId(), List.of())
                .stream().anyMatch(within(entry.getDecidedAt()))).count();
        return (double) bought / entries.size();
    }

    /** Strictly after the entry (the purchase that triggered it does not count) and inside the window. */
    private static Predicate<Instant> within(Instant entry) {
        Instant first = entry.plusSeconds(60);
        Instant last = entry.plus(LIFT_WINDOW);
        return at -> at.isAfter(first) && !at.isAfter(last);
    }

    private static Map<String, Long> countReasons(List<Decision> decisions, DecisionOutcome outcome) {
        return decisions.stream().filter(d -> d.getOutcome() == outcome)
                .collect(Collectors.groupingBy(Decision::getReason, TreeMap::new, Collectors.counting()));
    }

    private static long count(List<Decision> decisions, DecisionOutcome outcome) {
        return decisions.stream().filter(d -> d.getOutcome() == outcome).count();
    }

    private static void printCounts(PrintStream out, String label, Map<String, Long> counts) {
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
        String detail = sorted.isEmpty() ? "none" : sorted.stream()
                .map(entry -> String.format("%s %,d", entry.getKey().toLowerCase().replace('_', ' '), entry.getValue()))
                .collect(Collectors.joining(", "));
        out.printf("  %-34s %,d: %s%n", label, counts.values().stream().mapToLong(Long::longValue).sum(), detail);
    }
}
