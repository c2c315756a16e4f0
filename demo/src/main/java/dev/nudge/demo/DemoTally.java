package dev.nudge.demo;

import dev.nudge.events.EngagementEvent;
import dev.nudge.events.EngagementType;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SmsIntent;
import org.apache.avro.specific.SpecificRecord;

import java.util.ArrayList;
import java.util.List;

/** What the demo saw go by: the simulated activity, the texts and the simulated customers' reactions to them. */
final class DemoTally {
    long events;
    long reactions;
    long optOuts;
    long clicks;
    long replies;
    long conversions;
    long conversionRevenueMinor;
    final List<SmsIntent> texts = new ArrayList<>();
    final List<PurchaseEvent> purchases = new ArrayList<>();

    void count(SpecificRecord reaction) {
        reactions++;
        if (reaction instanceof PurchaseEvent purchase) {
            conversions++;
            conversionRevenueMinor += purchase.getTotalMinor();
        } else if (reaction instanceof EngagementEvent engagement) {
            if (engagement.getType() == EngagementType.CLICKED) {
                clicks++;
            } else if (engagement.getType() == EngagementType.REPLIED) {
                replies++;
            }
        }
    }
}
