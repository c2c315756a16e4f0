package dev.nudge.analytics;

import dev.nudge.events.Decision;
import dev.nudge.events.DecisionOutcome;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.EngagementType;
import dev.nudge.events.LineItem;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SalesChannel;
import dev.nudge.events.SmsIntent;
import dev.nudge.events.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Input records for the analytics tests, one brand. */
final class Events {

    static final String BRAND = "demo-roasters";
    static final Instant MARCH_2 = Instant.parse("2026-03-02T15:00:00Z");

    private Events() {}

    static String messageId(String customer, String sequence, int step) {
        return BRAND + ":" + customer + ":" + sequence + "@1:" + step + ":t-" + customer;
    }

    static SmsIntent text(String customer, String sequence, int step, String variant, String offerSku, Instant at) {
        return SmsIntent.newBuilder()
                .setIntentId(messageId(customer, sequence, step)).setTenant(new Tenant(BRAND, null))
                .setCustomerId(customer).setCreatedAt(at).setNotAfter(at.plus(Duration.ofHours(2)))
                .setToPhone("+1212555" + String.format("%04d", Math.abs(customer.hashCode()) % 10000))
                .setBody("Hi, a pour-over kit goes well with those beans.")
                .setLocale("en-US").setTimeZone("America/New_York").setQuietStartMinute(1260).setQuietEndMinute(480)
                .setSequenceId(sequence).setSequenceVersion(1).setStep(step).setTriggerId("t-" + customer)
                .setVariant(variant).setOfferSku(offerSku).setOfferPriceMinor(offerSku == null ? null : 2400L)
                .setCurrency("USD").build();
    }

    static EngagementEvent engagement(String customer, String messageId, EngagementType type, Instant at) {
        return EngagementEvent.newBuilder()
                .setEventId(type + ":" + messageId + ":" + at.toEpochMilli()).setTenant(new Tenant(BRAND, null))
                .setCustomerId(customer).setEventTime(at).setType(type).setMessageId(messageId)
                .setErrorCode(type == EngagementType.FAILED ? 30003 : null).build();
    }

    static EngagementEvent receipt(SmsIntent text, EngagementType type, Instant at) {
        EngagementEvent event = engagement(text.getCustomerId(), text.getIntentId(), type, at);
        event.setSequenceId(text.getSequenceId());
        event.setSequenceVersion(text.getSequenceVersion());
        event.setStep(text.getStep());
        event.setVariant(text.getVariant());
        return event;
    }

    static Decision decision(String customer, DecisionOutcome outcome, String reason, String sequence, Integer step,
                             Instant at) {
        return Decision.newBuilder()
                .setDecisionId(BRAND + ":" + customer + ":" + sequence + ":" + outcome + ":" + step + ":" + at.toEpochMilli())
                .setTenant(new Tenant(BRAND, null)).setCustomerId(customer).setDecidedAt(at).setOutcome(outcome)
                .setReason(reason).setRuleVersion(sequence + "@1").setSequenceId(sequence).setSequenceVersion(1)
                .setStep(step).setTriggerId("t-" + customer).build();
    }

    static PurchaseEvent purchase(String customer, String orderId, Instant at, LineItem... lines) {
        long total = 0;
        for (LineItem line : lines) {
            total += line.getQuantity() * line.getUnitPriceMinor();
        }
        return PurchaseEvent.newBuilder()
                .setEventId("e-" + orderId).setTenant(new Tenant(BRAND, "downtown")).setCustomerId(customer)
                .setEventTime(at).setOrderId(orderId).setLines(List.of(lines)).setTotalMinor(total)
                .setCurrency("USD").setChannel(SalesChannel.ONLINE).build();
    }

    static LineItem item(String sku, int quantity, long unitPriceMinor) {
        return new LineItem(sku, sku, "coffee", quantity, unitPriceMinor, "USD");
    }
}
