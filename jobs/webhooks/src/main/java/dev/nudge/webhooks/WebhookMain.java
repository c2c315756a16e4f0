package dev.nudge.webhooks;

import dev.nudge.dispatcher.DispatcherMain;
import dev.nudge.domain.tenant.TenantSettings;
import dev.nudge.domain.text.KeywordReplies;
import dev.nudge.platform.cli.CommandLines;
import dev.nudge.platform.cli.EnvironmentDefaults;
import dev.nudge.platform.cli.UserError;
import dev.nudge.platform.service.ServiceEnvironment;
import dev.nudge.platform.topics.Topics;
import dev.nudge.platform.twilio.TwilioSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the webhook service until the JVM is asked to stop. Every setting is a flag or its environment variable (a
 * flag wins; {@link EnvironmentDefaults}: {@code --webhook-base} or {@code NUDGE_WEBHOOK_BASE}); the secrets
 * ({@code TWILIO_AUTH_TOKEN}, {@code NUDGE_LINK_SECRET}) are only ever variables. {@code --help} lists them:
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
@Command(name = "WebhookMain", mixinStandardHelpOptions = true,
        description = "The webhook service: Twilio status callbacks and inbound texts, tracked-link redirects.")
public final class WebhookMain implements Callable<Integer> {

    static final int DEFAULT_PORT = 8080;

    @Option(names = "--bootstrap-servers", description = "Kafka; required")
    String bootstrapServers;

    @Option(names = "--topic-prefix", description = "prefix of every topic name; default none")
    String topicPrefix;

    @Option(names = "--webhook-base", paramLabel = "URL",
            description = "the public base URL Twilio calls and signs, e.g. https://hooks.example.com; required")
    URI webhookBase;

    @Option(names = "--webhook-port", description = "default ${DEFAULT-VALUE}")
    int webhookPort = DEFAULT_PORT;

    @Option(names = "--senders", paramLabel = "BRAND=SENDER,...",
            description = "each brand's sender: brand=+15550001111,other=MG...")
    String senders = "";

    @Option(names = "--tenants", paramLabel = "FILE", description = "the tenant settings (deploy/tenants.example.yaml): "
            + "each brand's answers to HELP, STOP and START")
    Path tenants;

    @Option(names = "--sender-numbers", paramLabel = "SENDER=NUMBER|NUMBER,...",
            description = "the numbers behind a sender (a Messaging Service's pool), whose replies are its brand's")
    String senderNumbers = "";

    @Option(names = "--webhook-spool", paramLabel = "DIR",
            description = "where inbound texts wait, fsynced, for Kafka; default ${DEFAULT-VALUE}")
    Path webhookSpool = Path.of("spool");

    @Option(names = "--link-requests-per-second", description = "per client address, before 429; default ${DEFAULT-VALUE}")
    int linkRequestsPerSecond = WebhookGuards.DEFAULT_LINK_REQUESTS_PER_SECOND;

    @Option(names = "--receipt-time", description = "${COMPLETION-CANDIDATES}; default ${DEFAULT-VALUE}")
    ReceiptTime receiptTime = ReceiptTime.ARRIVAL;

    public static void main(String[] args) {
        CommandLines.runService(new WebhookMain(), args);
    }

    @Override
    public Integer call() throws InterruptedException {
        WebhookServer server = WebhookServer.start(settings(System.getenv()));
        ServiceEnvironment.runUntilStopped(server);
        return 0;
    }

    /** The settings of {@code args} over {@code env}; a missing or bad one is a {@link UserError}. */
    static WebhookSettings settingsFrom(Map<String, String> env, String... args) {
        return CommandLines.read(new WebhookMain(), env, args)
                .orElseThrow(() -> new UserError("--help asks for no settings")).settings(env);
    }

    private WebhookSettings settings(Map<String, String> env) {
        Map<String, String> brandBySender = new LinkedHashMap<>();
        DispatcherMain.senders(senders).forEach((brand, sender) -> brandBySender.put(sender, brand));
        Topics topics;
        try {
            topics = topicPrefix != null ? Topics.withPrefix(topicPrefix) : Topics.standard();
        } catch (IllegalArgumentException e) {
            throw new UserError("--topic-prefix: " + e.getMessage());
        }
        if (webhookBase == null) {
            throw new UserError("give --webhook-base or set NUDGE_WEBHOOK_BASE");
        }
        return new WebhookSettings(
                CommandLines.required(bootstrapServers, "--bootstrap-servers", "NUDGE_BOOTSTRAP_SERVERS"), topics,
                CommandLines.secret(env, TwilioSettings.AUTH_TOKEN_ENV), webhookBase, webhookPort,
                tenants != null ? TenantSettings.readFile(tenants).keywordReplies() : KeywordReplies.builtIn(),
                brandBySender, senderNumbers(senderNumbers), WebhookSettings.DEFAULT_DEDUPE_CAPACITY, receiptTime,
                new WebhookGuards(CommandLines.secret(env, "NUDGE_LINK_SECRET"), WebhookGuards.DEFAULT_MAX_BODY_BYTES,
                        linkRequestsPerSecond, webhookSpool, WebhookGuards.DEFAULT_PARKED_CALLBACK_CAPACITY));
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
                throw new UserError(
                        "--sender-numbers (NUDGE_SENDER_NUMBERS) entries look like MG...=+15550002222|+15550003333, not " + entry);
            }
            numbers.put(parts[0].trim(), Arrays.stream(parts[1].split("\\|")).map(String::trim)
                    .filter(number -> !number.isEmpty()).toList());
        }
        return numbers;
    }
}
