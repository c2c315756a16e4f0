package dev.nudge.webhooks;

import dev.nudge.domain.text.KeywordReplies;
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
 * @param keywordReplies   the answers to HELP, STOP and START per brand, in the customer's language (tenant settings'
 *                         {@code keywordReplies}); {@link KeywordReplies#builtIn()} names no brand
 * @param brandBySender    our numbers / Messaging Service sids → brand, for texts from numbers we never wrote to
 * @param senderNumbers    a sender (usually a Messaging Service sid) → the numbers behind it (its pool), whose replies
 *                         are for the sender's brand; a number listed under several brands' senders is shared
 * @param dedupeCapacity   how many messages' statuses and inbound sids are remembered to drop repeats
 * @param receiptTime      what time delivery receipts carry ({@link ReceiptTime}): {@code ARRIVAL} (default) or
 *                         {@code DECISION_TIME}, the text's decision time, for simulations and replays
 * @param guards           body and rate limits, the tracked-link secret, the inbound spool ({@link WebhookGuards})
 */
public record WebhookSettings(String bootstrapServers, Topics topics, String authToken, URI publicBaseUrl, int port,
        KeywordReplies keywordReplies, Map<String, String> brandBySender, Map<String, List<String>> senderNumbers,
        int dedupeCapacity, ReceiptTime receiptTime, WebhookGuards guards) {

    public static final int DEFAULT_DEDUPE_CAPACITY = 100_000;

    public WebhookSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(authToken, "authToken");
        Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
        Objects.requireNonNull(receiptTime, "receiptTime");
        Objects.requireNonNull(keywordReplies, "keywordReplies");
        Objects.requireNonNull(guards, "guards");
        brandBySender = Map.copyOf(brandBySender);
        senderNumbers = Map.copyOf(senderNumbers);
    }

    /**
     * Standard topics, the built-in replies (naming no brand), default dedupe capacity, receipts stamped at arrival,
     * {@link WebhookGuards#defaults()}.
     */
    public static WebhookSettings of(String bootstrapServers, String authToken, URI publicBaseUrl, int port,
            Map<String, String> brandBySender) {
        return new WebhookSettings(bootstrapServers, Topics.standard(), authToken, publicBaseUrl, port,
                KeywordReplies.builtIn(), brandBySender, Map.of(), DEFAULT_DEDUPE_CAPACITY, ReceiptTime.ARRIVAL,
                WebhookGuards.defaults());
    }

    public WebhookSettings withTopics(Topics newTopics) {
        return new WebhookSettings(bootstrapServers, newTopics, authToken, publicBaseUrl, port,
                keywordReplies, brandBySender, senderNumbers, dedupeCapacity, receiptTime, guards);
    }

    public WebhookSettings withKeywordReplies(KeywordReplies newKeywordReplies) {
        return new WebhookSettings(bootstrapServers, topics, authToken, publicBaseUrl, port, newKeywordReplies,
                brandBySender, senderNumbers, dedupeCapacity, receiptTime, guards);
    }

    public WebhookSettings withReceiptTime(ReceiptTime newReceiptTime) {
        return new WebhookSettings(bootstrapServers, topics, authToken, publicBaseUrl, port,
                keywordReplies, brandBySender, senderNumbers, dedupeCapacity, newReceiptTime, guards);
    }

    /** With the numbers behind each sender (a Messaging Service's pool, shared numbers). */
    public WebhookSettings withSenderNumbers(Map<String, List<String>> numbers) {
        return new WebhookSettings(bootstrapServers, topics, authToken, publicBaseUrl, port,
                keywordReplies, brandBySender, numbers, dedupeCapacity, receiptTime, guards);
    }

    public WebhookSettings withGuards(WebhookGuards newGuards) {
        return new WebhookSettings(bootstrapServers, topics, authToken, publicBaseUrl, port,
                keywordReplies, brandBySender, senderNumbers, dedupeCapacity, receiptTime, newGuards);
    }

    /** Without the auth token or the link secret: settings get logged. */
    @Override
    public String toString() {
        return "WebhookSettings[bootstrapServers=" + bootstrapServers + ", topics=" + topics + ", authToken=***"
                + ", publicBaseUrl=" + publicBaseUrl + ", port=" + port + ", brandBySender=" + brandBySender
                + ", senderNumbers=" + senderNumbers + ", dedupeCapacity=" + dedupeCapacity
                + ", receiptTime=" + receiptTime + ", guards=" + guards + "]";
    }
}
