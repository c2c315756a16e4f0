package dev.nudge.demo;

import dev.nudge.events.EngagementType;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SmsIntent;
import org.apache.avro.specific.SpecificRecord;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the demo saw go by: the simulated activity, the texts the sequencer decided, the simulated customers'
 * reactions, and the engagements on the topic (published by the dispatcher and the webhook service).
 */
final class DemoTally {
    long events;
    long reactions;
    long conversions;
    long conversionRevenueMinor;
    final List<SmsIntent> texts = new ArrayList<>();
    final List<PurchaseEvent> purchases = new ArrayList<>();
    final Map<EngagementType, Long> engagements = new EnumMap<>(EngagementType.class);

    void count(SpecificRecord reaction) {
        reactions++;
        if (reaction instanceof PurchaseEvent purchase) {
            conversions++;
            conversionRevenueMinor += purchase.getTotalMinor();
        }
    }

    long engagements(EngagementType type) {
        return engagements.getOrDefault(type, 0L);
    }
}
