package dev.nudge.demo;

import dev.nudge.devstack.twilio.FakeMessage;
import dev.nudge.dispatcher.DispatcherStats;
import dev.nudge.events.Decision;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.SmsIntent;
import dev.nudge.webhooks.WebhookStats;

import java.util.List;
import java.util.Map;

/**
 * What a demo run leaves besides its printed summary, for the tests.
 *
 * @param texts          the texts the sequencer decided (the outbox)
 * @param decisions      the sequencer's decisions
 * @param twilioMessages what the Twilio-compatible server received
 * @param receipts       the delivery receipts the webhook service published, by intentId
 */
record DemoRun(List<SmsIntent> texts, List<Decision> decisions, List<FakeMessage> twilioMessages,
               Map<String, EngagementEvent> receipts, DispatcherStats dispatcher, WebhookStats webhooks) {
}
