package dev.nudge.webhooks;

import dev.nudge.platform.topics.Topics;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The webhook service's settings.
 *
 * @param bootstrapServers Kafka
 * @param topics           default {@link Topics#standard()}
 * @param authToken        the Twilio auth token that signs callbacks
 * @param publicBaseUrl    the base URL Twilio is given (and signs), e.g. {@code https://hooks.example.com}; behind a
 *                         proxy this is not what the server itself sees
 * @param port             where to listen; 0 picks a free port
 * @param helpReply        the answer to HELP/INFO; null answers nothing
 * @param optOutReply      the confirmation of STOP and its kin; null answers nothing (e.g. when Twilio's Advanced
 *                         Opt-Out already answers)
 * @param optInReply       the confirmation of START/UNSTOP; null answers nothing
 * @param brandBySender    our numbers / Messaging Service sids → brand, for texts from numbers we never wrote to
 * @param senderNumbers    a sender (usually a Messaging Service sid) → the numbers behind it (its pool), whose replies
 *                         are for the sender's brand; a number listed under several brands' senders is shared
 * @param dedupeCapacity   how many messages' statuses and inbound sids are remembered to drop repeats
 * @param receiptTime      what time delivery receipts carry ({@link ReceiptTime}): {@code ARRIVAL} (default) or
 *                         {@code DECISION_TIME}, the text's decision time, for simulations and replays
 */
public record WebhookSettings(String bootstrapServers, Topics topics, String authToken, URI publicBaseUrl, int port,
        String helpReply, String optOutReply, String optInReply,
        Map<String, String> brandBySender, Map<String, List<String>> senderNumbers, int dedupeCapacity,
        ReceiptTime receiptTime) {

    public static final int DEFAULT_DEDUPE_CAPACITY = 100_000;
    public static final String DEFAULT_HELP_REPLY =
            "Reply STOP to stop these texts, START to get them again. Msg&data rates may apply.";
    public static final String DEFAULT_OPT_OUT_REPLY = "You will get no more texts from us. Reply START to undo.";
    public static final String DEFAULT_OPT_IN_REPLY = "Welcome back: texts are on again. Reply STOP to stop.";

    public WebhookSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(authToken, "authToken");
        Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
        Objects.requireNonNull(receiptTime, "receiptTime");
        brandBySender = Map.copyOf(brandBySender);
        senderNumbers = Map.copyOf(senderNumbers);
    }

    /** Standard topics, the default replies and dedupe capacity, receipts stamped at arrival. */
    public static WebhookSettings of(String bootstrapServers, String authToken, URI publicBaseUrl, int port,
            Map<String, String> brandBySender) {
        return new WebhookSettings(bootstrapServers, Topics.standard(), authToken, publicBaseUrl, port,
                DEFAULT_HELP_REPLY, DEFAULT_OPT_OUT_REPLY, DEFAULT_OPT_IN_REPLY, brandBySender, Map.of(),
                DEFAULT_DEDUPE_CAPACITY, ReceiptTime.ARRIVAL);
    }

    public WebhookSettings withTopics(Topics newTopics) {
        return new WebhookSettings(bootstrapServers, newTopics, authToken, publicBaseUrl, port, helpReply,
                optOutReply, optInReply, brandBySender, senderNumbers, dedupeCapacity, receiptTime);
    }

    public WebhookSettings withReceiptTime(ReceiptTime newReceiptTime) {
        return new WebhookSettings(bootstrapServers, topics, authToken, publicBaseUrl, port, helpReply,
                optOutReply, optInReply, brandBySender, senderNumbers, dedupeCapacity, newReceiptTime);
    }

    /** With the numbers behind each sender (a Messaging Service's pool, shared numbers). */
    public WebhookSettings withSenderNumbers(Map<String, List<String>> numbers) {
        return new WebhookSettings(bootstrapServers, topics, authToken, publicBaseUrl, port, helpReply,
                optOutReply, optInReply, brandBySender, numbers, dedupeCapacity, receiptTime);
    }
}
