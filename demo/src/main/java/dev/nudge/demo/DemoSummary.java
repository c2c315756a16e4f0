package dev.nudge.demo;

import dev.nudge.dispatcher.DispatcherStats;
import dev.nudge.events.Decision;
import dev.nudge.events.DecisionOutcome;
import dev.nudge.events.EngagementType;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.simulator.ResponseParameters;
import dev.nudge.webhooks.WebhookStats;

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

    /** How the texts went out: what the Twilio-compatible server received, the dispatcher's and webhook service's counts. */
    record Delivery(int twilioMessages, DispatcherStats dispatcher, WebhookStats webhooks) {
    }

    /** The analytics job's facts in ClickHouse ({@code facts.sql}). */
    record Facts(long messages, long engagements, long conversions, long revenueMinor) {
        static Facts parse(String tabSeparated) {
            String[] columns = tabSeparated.trim().split("\t");
            return new Facts(Long.parseLong(columns[0]), Long.parseLong(columns[1]), Long.parseLong(columns[2]),
                    Long.parseLong(columns[3]));
        }
    }

    static void print(PrintStream out, DemoTally tally, List<Decision> decisions, Delivery delivery, Facts facts) {
        DispatcherStats dispatcher = delivery.dispatcher();
        WebhookStats webhooks = delivery.webhooks();
        out.printf("%n  %-34s %,d%n", "simulated events", tally.events);
        out.printf("  %-34s %,d%n", "texts decided (outbox)", tally.texts.size());
        out.printf("  %-34s %,d received by the Twilio-compatible server%n", "texts sent", delivery.twilioMessages());
        out.printf("  %-34s %,d sent, %,d skipped at send time, %,d in doubt, %,d failed, %,d duplicates dropped%n",
                "dispatcher", dispatcher.sent() + dispatcher.reconciledSent(), dispatcher.skipped(),
                dispatcher.inDoubt(), dispatcher.failed(), dispatcher.duplicates());
        out.printf("  %-34s %,d status callbacks, %,d delivery receipts, %,d inbound texts, %,d clicks, %,d refused%n",
                "webhook service", webhooks.statusCallbacks(), webhooks.receipts(), webhooks.inbound(),
                webhooks.clicks(), webhooks.forbidden());
        printCounts(out, "deferred (sent later)", countReasons(decisions, DecisionOutcome.DEFERRED));
        printCounts(out, "skipped", countReasons(decisions, DecisionOutcome.SKIPPED));
        printCounts(out, "exits", countReasons(decisions, DecisionOutcome.EXITED));
        out.printf("  %-34s %,d completed, %,d held out%n", "sequences",
                count(decisions, DecisionOutcome.COMPLETED), count(decisions, DecisionOutcome.HELD_OUT));
        out.printf("  %-34s %,d delivered, %,d clicks, %,d replies, %,d opt-outs, %,d help%n", "engagement",
                tally.engagements(EngagementType.DELIVERED), tally.engagements(EngagementType.CLICKED),
                tally.engagements(EngagementType.REPLIED), tally.engagements(EngagementType.OPTED_OUT),
                tally.engagements(EngagementType.HELP));
        out.printf("  %-34s %,d purchases, $%,.2f%n", "conversions after a text", tally.conversions,
                tally.conversionRevenueMinor / 100.0);
        out.printf("  %-34s %,d conversions, $%,.2f%n", "attributed (analytics, last touch)", facts.conversions(),
                facts.revenueMinor() / 100.0);
        printLift(out, decisions, tally.purchases);
        out.printf("  %-34s %,d messages, %,d engagements, %,d attributed conversions%n", "ClickHouse facts",
                facts.messages(), facts.engagements(), facts.conversions());
    }

    /**
     * For each step whose variants the bandit chose: the share of its texts that went to the simulator's best
     * variant in the run's last week, next to what an even split would give it.
     */
    static void printBandit(PrintStream out, List<Decision> decisions, Instant end, ResponseParameters response) {
        String best = response.bestVariant();
        Instant lastWeek = end.minus(Duration.ofDays(7));
        Map<String, List<Decision>> byStep = decisions.stream()
                .filter(d -> d.getOutcome() == DecisionOutcome.SENT && d.getVariantDraws() != null)
                .collect(Collectors.groupingBy(d -> d.getSequenceId() + " step " + d.getStep(), TreeMap::new,
                        Collectors.toList()));
        byStep.forEach((step, sent) -> {
            List<Decision> week = sent.stream().filter(d -> !d.getDecidedAt().isBefore(lastWeek)).toList();
            long bestInWeek = week.stream().filter(d -> best.equals(d.getVariant())).count();
            long bestOverall = sent.stream().filter(d -> best.equals(d.getVariant())).count();
            out.printf("  %-34s %s (the simulator's best, ×%.1f) got %.0f%% of the last week's %,d texts, an even "
                            + "split %.0f%%; %.0f%% of all %,d%n", "bandit, " + step, best, response.bestVariantLift(),
                    100.0 * bestInWeek / Math.max(1, week.size()), week.size(),
                    100.0 / sent.get(0).getVariantDraws().size(), 100.0 * bestOverall / sent.size(), sent.size());
        });
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
