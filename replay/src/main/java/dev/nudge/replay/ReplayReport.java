package dev.nudge.replay;

import dev.nudge.domain.definition.SequenceDefinition;
import dev.nudge.domain.measure.ConversionLift;
import dev.nudge.events.Decision;
import dev.nudge.events.DecisionOutcome;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SmsIntent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a replay would have done, and what the customers really did afterwards.
 *
 * <p>Attribution: a text is "followed by a purchase" when its customer really ordered anything in the sequence's
 * attribution window after the text (start exclusive, end inclusive); "bought the offer" when such an order has the
 * offered sku.
 *
 * <p>Lift, by intention to treat: every entry counts in its arm, entered (texted or not: an entry that ended before
 * its first text still counts) or held out, and it converted when the customer ordered anything strictly after the
 * entry decision and less than the attribution window later, the same window as sql/queries/03_holdout_lift.sql.
 * Both arms use the same real orders and the same windows, so the difference estimates what the sequence adds; the
 * report gives its 95% interval, and with no held-out entry says that no lift can be measured.
 */
public final class ReplayReport {

    /** One text the replay would have sent. */
    public record SentText(SmsIntent text, boolean followedByPurchase, boolean boughtOffer) {}

    private final List<SentText> texts;
    private final Map<String, Map<String, Long>> decisionsByOutcome;
    private final ConversionLift intentionToTreat;
    private final Duration window;
    private final OrderHistory history;
    private final int deadLetters;
    private final ZoneId zone;
    private final int orders;
    private final long customers;

    private ReplayReport(List<SentText> texts, Map<String, Map<String, Long>> decisionsByOutcome,
                         ConversionLift intentionToTreat, Duration window, OrderHistory history, int deadLetters,
                         ZoneId zone, List<PurchaseEvent> orders) {
        this.orders = orders.size();
        this.customers = orders.stream().map(PurchaseEvent::getCustomerId).distinct().count();
        this.texts = texts;
        this.decisionsByOutcome = decisionsByOutcome;
        this.intentionToTreat = intentionToTreat;
        this.window = window;
        this.history = history;
        this.deadLetters = deadLetters;
        this.zone = zone;
    }

    /**
     * @param history how the export read; null when the orders came from elsewhere
     * @param orders  the orders replayed
     */
    public static ReplayReport of(OrderHistory history, List<PurchaseEvent> orders, SequenceDefinition definition,
                                  ReplayOutput output, ZoneId zone) {
        Duration window = definition.attributionWindow();
        Map<String, List<PurchaseEvent>> ordersByCustomer = new HashMap<>();
        orders.forEach(order -> ordersByCustomer.computeIfAbsent(order.getCustomerId(), c -> new ArrayList<>()).add(order));

        List<SentText> texts = output.texts().stream()
                .sorted(Comparator.comparing(SmsIntent::getCreatedAt).thenComparing(SmsIntent::getCustomerId))
                .map(text -> {
                    List<PurchaseEvent> after = ordersWithin(ordersByCustomer, text.getCustomerId(), text.getCreatedAt(), window);
                    boolean boughtOffer = text.getOfferSku() != null && after.stream().anyMatch(order ->
                            order.getLines().stream().anyMatch(line -> line.getSku().equals(text.getOfferSku())));
                    return new SentText(text, !after.isEmpty(), boughtOffer);
                }).toList();

        int entered = 0;
        int enteredBought = 0;
        int heldOut = 0;
        int heldOutBought = 0;
        Map<String, Map<String, Long>> byOutcome = new TreeMap<>();
        for (Decision decision : output.decisions()) {
            byOutcome.computeIfAbsent(decision.getOutcome().name(), o -> new TreeMap<>())
                    .merge(decision.getReason(), 1L, Long::sum);
            boolean bought = boughtInWindow(ordersByCustomer, decision.getCustomerId(), decision.getDecidedAt(), window);
            if (decision.getOutcome() == DecisionOutcome.ENTERED) {
                entered++;
                enteredBought += bought ? 1 : 0;
            } else if (decision.getOutcome() == DecisionOutcome.HELD_OUT) {
                heldOut++;
                heldOutBought += bought ? 1 : 0;
            }
        }
        return new ReplayReport(texts, byOutcome, new ConversionLift(entered, enteredBought, heldOut, heldOutBought),
                window, history, output.deadLetters().size(), zone, orders);
    }

    /** Intention to treat: any order strictly after the entry and less than the window later. */
    private static boolean boughtInWindow(Map<String, List<PurchaseEvent>> ordersByCustomer, String customer,
                                          Instant entry, Duration window) {
        Instant end = entry.plus(window);
        return ordersByCustomer.getOrDefault(customer, List.of()).stream()
                .anyMatch(order -> order.getEventTime().isAfter(entry) && order.getEventTime().isBefore(end));
    }

    private static List<PurchaseEvent> ordersWithin(Map<String, List<PurchaseEvent>> ordersByCustomer, String customer,
                                                    Instant after, Duration window) {
        Instant end = after.plus(window);
        return ordersByCustomer.getOrDefault(customer, List.of()).stream()
                .filter(order -> order.getEventTime().isAfter(after) && !order.getEventTime().isAfter(end))
                .toList();
    }

    public List<SentText> texts() {
        return texts;
    }

    public long customersTexted() {
        return texts.stream().map(text -> text.text().getCustomerId()).distinct().count();
    }

    public long textsFollowedByPurchase() {
        return texts.stream().filter(SentText::followedByPurchase).count();
    }

    public long textsFollowedByOfferPurchase() {
        return texts.stream().filter(SentText::boughtOffer).count();
    }

    /** How many decisions had this outcome and reason. */
    public long decisions(DecisionOutcome outcome, String reason) {
        return decisionsByOutcome.getOrDefault(outcome.name(), Map.of()).getOrDefault(reason, 0L);
    }

    public long decisions(DecisionOutcome outcome) {
        return decisionsByOutcome.getOrDefault(outcome.name(), Map.of()).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Entered against held-out entries, each measured from its entry decision (see the class comment). */
    public ConversionLift intentionToTreat() {
        return intentionToTreat;
    }

    public int deadLetters() {
        return deadLetters;
    }

    public String summary() {
        StringBuilder out = new StringBuilder();
        if (history != null) {
            out.append("Input: ").append(history.linesRead()).append(" lines read, ").append(history.linesKept())
                    .append(" kept, in ").append(history.orders().size()).append(" orders of ")
                    .append(history.customers()).append(" customers\n");
            history.skipped().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(skip ->
                    out.append(String.format("  skipped %-24s %6d%n", skip.getKey(), skip.getValue())));
            out.append("  orders with several timestamps (earliest used): ").append(history.ordersWithSeveralTimestamps()).append('\n');
        } else {
            out.append("Input: ").append(orders).append(" orders of ").append(customers).append(" customers\n");
        }
        out.append("Would have sent ").append(texts.size()).append(" texts to ").append(customersTexted())
                .append(" customers (times in ").append(zone).append("; see texts.csv)\n");
        out.append("Decisions by outcome and reason:\n");
        decisionsByOutcome.forEach((outcome, reasons) -> reasons.forEach((reason, count) ->
                out.append(String.format("  %-20s %-28s %6d%n", outcome, reason, count))));
        out.append("Attribution window ").append(window).append(":\n");
        out.append(String.format("  texts followed by a purchase: %d of %d, by a purchase of the offered item: %d%n",
                textsFollowedByPurchase(), texts.size(), textsFollowedByOfferPurchase()));
        out.append("  entries with a purchase in the window from their entry (intention to treat):\n    ")
                .append(intentionToTreat.describe()).append('\n');
        if (deadLetters > 0) {
            out.append("Records the engine failed on: ").append(deadLetters).append('\n');
        }
        return out.toString();
    }

    /** Writes texts.csv and report.txt into the directory. */
    public void writeTo(Path directory) throws IOException {
        Files.createDirectories(directory);
        List<String> lines = new ArrayList<>();
        lines.add("sent_at_utc,sent_at_local,customer_id,to_phone,sequence_id,step,offer_sku,offer_price_minor,currency,"
                + "followed_by_purchase,bought_offer,body");
        for (SentText sent : texts) {
            SmsIntent text = sent.text();
            lines.add(String.join(",", text.getCreatedAt().toString(),
                    text.getCreatedAt().atZone(zone).toLocalDateTime().toString(), csv(text.getCustomerId()),
                    text.getToPhone(), csv(text.getSequenceId()), String.valueOf(text.getStep()),
                    csv(text.getOfferSku()), text.getOfferPriceMinor() == null ? "" : text.getOfferPriceMinor().toString(),
                    csv(text.getCurrency()), String.valueOf(sent.followedByPurchase()),
                    String.valueOf(sent.boughtOffer()), csv(text.getBody())));
        }
        Files.write(directory.resolve("texts.csv"), lines);
        Files.writeString(directory.resolve("report.txt"), summary());
    }

    private static String csv(String value) {
        if (value == null) {
            return "";
        }
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
