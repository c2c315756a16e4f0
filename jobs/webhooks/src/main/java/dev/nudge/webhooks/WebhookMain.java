package dev.nudge.webhooks;

import static dev.nudge.platform.service.ServiceEnvironment.present;
import static dev.nudge.platform.service.ServiceEnvironment.required;

import dev.nudge.dispatcher.DispatcherMain;
import dev.nudge.domain.tenant.TenantSettings;
import dev.nudge.domain.text.KeywordReplies;
import dev.nudge.platform.service.ServiceEnvironment;
import dev.nudge.platform.topics.Topics;
import dev.nudge.platform.twilio.TwilioSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the webhook service until the JVM is asked to stop. Configured from the environment:
 *
 * <ul>
 *   <li>{@code NUDGE_BOOTSTRAP_SERVERS} (required); {@code NUDGE_TOPIC_PREFIX} (default none)</li>
 *   <li>{@code NUDGE_KAFKA_PROPERTIES}, {@code NUDGE_KAFKA_CLIENT_*}: Kafka client settings such as SASL or TLS
 *       ({@link dev.nudge.platform.kafka.KafkaClientProperties})</li>
 *   <li>{@code TWILIO_AUTH_TOKEN} (required): the token Twilio signs its requests with</li>
 *   <li>{@code NUDGE_WEBHOOK_BASE} (required): the public base URL Twilio calls and signs, e.g.
 *       {@code https://hooks.example.com}; {@code NUDGE_WEBHOOK_PORT} (default 8080)</li>
 *   <li>{@code NUDGE_SENDERS}: {@code brand=+15550001111,other=MG...}, to place texts from numbers never written to</li>
 *   <li>{@code NUDGE_TENANTS}: the tenant settings file ({@code deploy/tenants.example.yaml}), whose
 *       {@code keywordReplies} give each brand's answers to HELP, STOP and START; without it the answers name no
 *       brand</li>
 *   <li>{@code NUDGE_SENDER_NUMBERS}: {@code MG...=+15550002222|+15550003333,+15550001111=+15550009999}: the numbers
 *       behind a sender (a Messaging Service's pool), whose replies are for the sender's brand; a number listed under
 *       several brands' senders is shared by them, and a STOP to it that no text explains suppresses the phone for
 *       all of them</li>
 *   <li>{@code NUDGE_LINK_SECRET} (required): keys the tracked links' tokens; the sequencer must have the same</li>
 *   <li>{@code NUDGE_WEBHOOK_SPOOL} (default {@code spool}): the folder where inbound texts wait, fsynced, for Kafka;
 *       a volume that outlives the container</li>
 *   <li>{@code NUDGE_LINK_REQUESTS_PER_SECOND} (default 20): per client address, on the link route, before 429</li>
 *   <li>{@code NUDGE_RECEIPT_TIME}: {@code ARRIVAL} (default) or {@code DECISION_TIME} for simulations (see
 *       {@link ReceiptTime})</li>
 * </ul>
 * Defaults as in {@link WebhookSettings}.
 */
public final class WebhookMain {

    static final int DEFAULT_PORT = 8080;

    private WebhookMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        WebhookServer server = WebhookServer.start(settingsFrom(System.getenv()));
        ServiceEnvironment.runUntilStopped(server);
    }

    static WebhookSettings settingsFrom(Map<String, String> env) {
        Map<String, String> brandBySender = new LinkedHashMap<>();
        DispatcherMain.senders(env.getOrDefault("NUDGE_SENDERS", ""))
                .forEach((brand, sender) -> brandBySender.put(sender, brand));
        return new WebhookSettings(required(env, "NUDGE_BOOTSTRAP_SERVERS"),
                present(env, "NUDGE_TOPIC_PREFIX") ? Topics.withPrefix(env.get("NUDGE_TOPIC_PREFIX")) : Topics.standard(),
                required(env, TwilioSettings.AUTH_TOKEN_ENV),
                URI.create(required(env, "NUDGE_WEBHOOK_BASE")),
                present(env, "NUDGE_WEBHOOK_PORT") ? Integer.parseInt(env.get("NUDGE_WEBHOOK_PORT").trim()) : DEFAULT_PORT,
                present(env, "NUDGE_TENANTS")
                        ? TenantSettings.readFile(Path.of(env.get("NUDGE_TENANTS").trim())).keywordReplies()
                        : KeywordReplies.builtIn(),
                brandBySender, senderNumbers(env.getOrDefault("NUDGE_SENDER_NUMBERS", "")),
                WebhookSettings.DEFAULT_DEDUPE_CAPACITY,
                ReceiptTime.valueOf(env.getOrDefault("NUDGE_RECEIPT_TIME", ReceiptTime.ARRIVAL.name()).trim()),
                new WebhookGuards(required(env, "NUDGE_LINK_SECRET"), WebhookGuards.DEFAULT_MAX_BODY_BYTES,
                        present(env, "NUDGE_LINK_REQUESTS_PER_SECOND")
                                ? Integer.parseInt(env.get("NUDGE_LINK_REQUESTS_PER_SECOND").trim())
                                : WebhookGuards.DEFAULT_LINK_REQUESTS_PER_SECOND,
                        Path.of(env.getOrDefault("NUDGE_WEBHOOK_SPOOL", "spool").trim()),
                        WebhookGuards.DEFAULT_PARKED_CALLBACK_CAPACITY));
    }

    /** {@code sender=number|number,sender=number}. */
    static Map<String, List<String>> senderNumbers(String list) {
        Map<String, List<String>> numbers = new LinkedHashMap<>();
        for (String entry : list.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.split("=", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException(
                        "NUDGE_SENDER_NUMBERS entries look like MG...=+15550002222|+15550003333, not " + entry);
            }
            numbers.put(parts[0].trim(), Arrays.stream(parts[1].split("\\|")).map(String::trim)
                    .filter(number -> !number.isEmpty()).toList());
        }
        return numbers;
    }
}
