package dev.nudge.dispatcher;

import dev.nudge.platform.cli.CommandLines;
import dev.nudge.platform.cli.EnvironmentDefaults;
import dev.nudge.platform.cli.UserError;
import dev.nudge.platform.service.ServiceEnvironment;
import dev.nudge.platform.topics.Topics;
import dev.nudge.platform.twilio.TwilioSettings;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the dispatcher until the JVM is asked to stop. Every setting is a flag or its environment variable (a flag
 * wins; {@link EnvironmentDefaults}: {@code --bootstrap-servers} or {@code NUDGE_BOOTSTRAP_SERVERS}); the Twilio
 * auth token is only ever a variable ({@code TWILIO_AUTH_TOKEN}). {@code --help} lists them:
 *
 * <ul>
 *   <li>{@code NUDGE_BOOTSTRAP_SERVERS} (required); {@code NUDGE_TOPIC_PREFIX} (default none)</li>
 *   <li>{@code NUDGE_KAFKA_PROPERTIES}, {@code NUDGE_KAFKA_CLIENT_*}: Kafka client settings such as SASL or TLS
 *       ({@link dev.nudge.platform.kafka.KafkaClientProperties})</li>
 *   <li>{@code TWILIO_ACCOUNT_SID}, {@code TWILIO_AUTH_TOKEN} (required), {@code NUDGE_TWILIO_BASE_URL},
 *       {@code NUDGE_TWILIO_READ_TIMEOUT_MS}</li>
 *   <li>{@code NUDGE_SENDERS}: {@code brand=+15550001111,other=MG...} ; {@code NUDGE_DEFAULT_SENDER}</li>
 *   <li>{@code NUDGE_WEBHOOK_BASE}: public base URL of the webhook service</li>
 *   <li>{@code NUDGE_MAX_CONCURRENT_SENDS}, {@code NUDGE_SENDS_PER_SECOND_PER_SENDER},
 *       {@code NUDGE_IN_DOUBT_SETTLE_MS}, {@code NUDGE_IN_DOUBT_RECHECK_MS}, {@code NUDGE_IN_DOUBT_HORIZON_MS},
 *       {@code NUDGE_RESEND_IF_NOT_FOUND}, {@code NUDGE_DISPATCHER_GROUP}, {@code NUDGE_DISPATCHER_INSTANCE},
 *       {@code NUDGE_SESSION_TIMEOUT_MS}, {@code NUDGE_MAX_POLL_INTERVAL_MS}</li>
 *   <li>{@code NUDGE_SEND_TIME}: {@code WALL_CLOCK} (default) or {@code DECISION_TIME} for simulations and replays
 *       ({@link SendTime})</li>
 *   <li>{@code NUDGE_HEALTH_PORT}: where {@code /health/live} and {@code /health/ready} answer (default 8081), and
 *       {@code /metrics} once the dispatcher has started (Prometheus)</li>
 * </ul>
 * Defaults as in {@link DispatcherSettings}.
 */
@Command(name = "DispatcherMain", mixinStandardHelpOptions = true,
        description = "The dispatcher: reads the outbox and sends each text through Twilio effectively once.")
public final class DispatcherMain implements Callable<Integer> {

    static final int DEFAULT_HEALTH_PORT = 8081;

    @Option(names = "--bootstrap-servers", description = "Kafka; required")
    String bootstrapServers;

    @Option(names = "--topic-prefix", description = "prefix of every topic name; default none")
    String topicPrefix;

    @Option(names = "--twilio-account-sid", descriptionKey = TwilioSettings.ACCOUNT_SID_ENV,
            description = "the Twilio account (env " + TwilioSettings.ACCOUNT_SID_ENV + "); required. Its auth token "
                    + "is only read from " + TwilioSettings.AUTH_TOKEN_ENV)
    String twilioAccountSid;

    @Option(names = "--twilio-base-url", descriptionKey = TwilioSettings.BASE_URL_ENV,
            description = "Twilio's API (env " + TwilioSettings.BASE_URL_ENV + "); default Twilio's own")
    URI twilioBaseUrl;

    @Option(names = "--twilio-read-timeout-ms", description = "how long a Twilio call may take to answer")
    Long twilioReadTimeoutMs;

    @Option(names = "--senders", paramLabel = "BRAND=SENDER,...",
            description = "each brand's sender: brand=+15550001111,other=MG...")
    String senders = "";

    @Option(names = "--default-sender", description = "the sender of brands not in --senders")
    String defaultSender;

    @Option(names = "--webhook-base", description = "public base URL of the webhook service (status callbacks)")
    URI webhookBase;

    @Option(names = "--max-concurrent-sends")
    Integer maxConcurrentSends;

    @Option(names = "--sends-per-second-per-sender")
    Double sendsPerSecondPerSender;

    @Option(names = "--in-doubt-settle-ms")
    Long inDoubtSettleMs;

    @Option(names = "--in-doubt-recheck-ms")
    Long inDoubtRecheckMs;

    @Option(names = "--in-doubt-horizon-ms")
    Long inDoubtHorizonMs;

    @Option(names = "--resend-if-not-found", arity = "1", paramLabel = "true|false")
    Boolean resendIfNotFound;

    @Option(names = "--dispatcher-group", description = "the outbox's consumer group")
    String dispatcherGroup;

    @Option(names = "--dispatcher-instance", description = "a static group member id, stable across restarts")
    String dispatcherInstance;

    @Option(names = "--session-timeout-ms")
    Long sessionTimeoutMs;

    @Option(names = "--max-poll-interval-ms")
    Long maxPollIntervalMs;

    @Option(names = "--send-time", description = "${COMPLETION-CANDIDATES}; default WALL_CLOCK (DECISION_TIME for "
            + "simulations and replays)")
    SendTime sendTime;

    @Option(names = "--recipient-allowlist", split = ",", paramLabel = "PHONE,...", description = "the only numbers "
            + "texts go to (a staging account); a text to any other is skipped as NOT_ON_ALLOWLIST; default every number")
    Set<String> recipientAllowlist;

    @Option(names = "--health-port", description = "/health/live, /health/ready and /metrics; default ${DEFAULT-VALUE}")
    int healthPort = DEFAULT_HEALTH_PORT;

    public static void main(String[] args) {
        CommandLines.runService(new DispatcherMain(), args);
    }

    @Override
    public Integer call() throws InterruptedException {
        DispatcherSettings settings = settings(System.getenv());
        // Live while starting (reading the ledger, reconciling) and while the outbox loop runs; ready once it runs.
        AtomicReference<Dispatcher> started = new AtomicReference<>();
        HealthServer health = HealthServer.start(healthPort,
                () -> started.get() == null || started.get().isRunning(),
                () -> started.get() != null && started.get().isRunning());
        Dispatcher dispatcher = Dispatcher.start(settings);
        started.set(dispatcher);
        MetricsEndpoint.addTo(health.httpServer(), dispatcher.metrics());
        ServiceEnvironment.runUntilStopped(() -> {
            dispatcher.close();
            health.close();
        });
        return 0;
    }

    /** The settings of {@code args} over {@code env}; a missing or bad one is a {@link UserError}. */
    public static DispatcherSettings settingsFrom(Map<String, String> env, String... args) {
        DispatcherMain main = CommandLines.read(new DispatcherMain(), env, args)
                .orElseThrow(() -> new UserError("--help asks for no settings"));
        return main.settings(env);
    }

    private DispatcherSettings settings(Map<String, String> env) {
        TwilioSettings twilio = TwilioSettings.of(
                CommandLines.required(twilioAccountSid, "--twilio-account-sid", TwilioSettings.ACCOUNT_SID_ENV),
                CommandLines.secret(env, TwilioSettings.AUTH_TOKEN_ENV));
        if (twilioBaseUrl != null) {
            twilio = twilio.withApiBaseUrl(twilioBaseUrl);
        }
        if (twilioReadTimeoutMs != null) {
            twilio = twilio.withReadTimeout(Duration.ofMillis(twilioReadTimeoutMs));
        }
        var builder = DispatcherSettings.builder(
                        CommandLines.required(bootstrapServers, "--bootstrap-servers", "NUDGE_BOOTSTRAP_SERVERS"), twilio)
                .topics(topicPrefix != null ? topics(topicPrefix) : Topics.standard())
                .senders(senders(senders))
                .defaultSender(defaultSender);
        Optional.ofNullable(webhookBase).ifPresent(builder::webhookBase);
        Optional.ofNullable(maxConcurrentSends).ifPresent(builder::maxConcurrentSends);
        Optional.ofNullable(sendsPerSecondPerSender).ifPresent(builder::sendsPerSecondPerSender);
        Optional.ofNullable(inDoubtSettleMs).map(Duration::ofMillis).ifPresent(builder::inDoubtSettle);
        Optional.ofNullable(resendIfNotFound).ifPresent(builder::resendIfNotFound);
        Optional.ofNullable(inDoubtRecheckMs).map(Duration::ofMillis).ifPresent(builder::inDoubtRecheck);
        Optional.ofNullable(inDoubtHorizonMs).map(Duration::ofMillis).ifPresent(builder::inDoubtHorizon);
        Optional.ofNullable(dispatcherInstance).ifPresent(builder::instanceId);
        Optional.ofNullable(sessionTimeoutMs).map(Duration::ofMillis).ifPresent(builder::sessionTimeout);
        Optional.ofNullable(maxPollIntervalMs).map(Duration::ofMillis).ifPresent(builder::maxPollInterval);
        Optional.ofNullable(sendTime).ifPresent(builder::sendTime);
        Optional.ofNullable(recipientAllowlist).ifPresent(builder::recipientAllowlist);
        Optional.ofNullable(dispatcherGroup).ifPresent(builder::groupId);
        return builder.build();
    }

    private static Topics topics(String prefix) {
        try {
            return Topics.withPrefix(prefix);
        } catch (IllegalArgumentException e) {
            throw new UserError("--topic-prefix: " + e.getMessage());
        }
    }

    /** {@code brand=sender,brand=sender}. */
    public static Map<String, String> senders(String list) {
        Map<String, String> senders = new LinkedHashMap<>();
        for (String pair : list.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] parts = pair.split("=", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new UserError("--senders (NUDGE_SENDERS) entries look like brand=+15550001111, not " + pair);
            }
            senders.put(parts[0].trim(), parts[1].trim());
        }
        return senders;
    }
}
