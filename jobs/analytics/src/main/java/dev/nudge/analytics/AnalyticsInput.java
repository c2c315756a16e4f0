package dev.nudge.analytics;

import dev.nudge.domain.tenant.CustomerKey;

import dev.nudge.events.Decision;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SmsIntent;

/**
 * One customer-keyed record on its way into attribution: exactly one field is set. A Flink POJO; the Avro fields use
 * Flink's Avro serializer.
 */
public class AnalyticsInput {
    public Decision decision;
    public SmsIntent text;
    public EngagementEvent engagement;
    public PurchaseEvent purchase;

    public AnalyticsInput() {}

    public static AnalyticsInput of(Decision decision) {
        AnalyticsInput input = new AnalyticsInput();
        input.decision = decision;
        return input;
    }

    public static AnalyticsInput of(SmsIntent text) {
        AnalyticsInput input = new AnalyticsInput();
        input.text = text;
        return input;
    }

    public static AnalyticsInput of(EngagementEvent engagement) {
        AnalyticsInput input = new AnalyticsInput();
        input.engagement = engagement;
        return input;
    }

    public static AnalyticsInput of(PurchaseEvent purchase) {
        AnalyticsInput input = new AnalyticsInput();
        input.purchase = purchase;
        return input;
    }

    /** {@code brand/customer}: attribution state is per customer of a brand. */
    public String customerKey() {
        if (decision != null) {
            return CustomerKey.of(decision.getTenant().getBrandId(), decision.getCustomerId());
        }
        if (text != null) {
            return CustomerKey.of(text.getTenant().getBrandId(), text.getCustomerId());
        }
        if (engagement != null) {
            return CustomerKey.of(engagement.getTenant().getBrandId(), engagement.getCustomerId());
        }
        return CustomerKey.of(purchase.getTenant().getBrandId(), purchase.getCustomerId());
    }

    public long eventTimeMillis() {
        if (decision != null) {
            return decision.getDecidedAt().toEpochMilli();
        }
        if (text != null) {
            return text.getCreatedAt().toEpochMilli();
        }
        if (engagement != null) {
            return engagement.getEventTime().toEpochMilli();
        }
        return purchase.getEventTime().toEpochMilli();
    }
}
