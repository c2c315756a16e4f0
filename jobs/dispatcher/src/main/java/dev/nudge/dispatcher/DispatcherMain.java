package dev.nudge.dispatcher;

import static dev.nudge.platform.service.ServiceEnvironment.present;
import static dev.nudge.platform.service.ServiceEnvironment.required;

import dev.nudge.platform.service.ServiceEnvironment;
import dev.nudge.platform.topics.Topics;
import dev.nudge.platform.twilio.TwilioSettings;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the dispatcher until the JVM is asked to stop. Configured from the environment:
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
public final class DispatcherMain {

    static final String DEFAULT_HEALTH_PORT = "8081";

    private DispatcherMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env = System.getenv();
        // Live while starting (reading the ledger, reconciling) and while the outbox loop runs; ready once it runs.
        AtomicReference<Dispatcher> started = new AtomicReference<>();
        HealthServer health = HealthServer.start(
                Integer.parseInt(env.getOrDefault("NUDGE_HEALTH_PORT", DEFAULT_HEALTH_PORT).trim()),
                () -> started.get() == null || started.get().isRunning(),
                () -> started.get() != null && started.get().isRunning());
        Dispatcher dispatcher = Dispatcher.start(settingsFrom(env));
        started.set(dispatcher);
        MetricsEndpoint.addTo(health.httpServer(), dispatcher.metrics());
        ServiceEnvironment.runUntilStopped(() -> {
            dispatcher.close();
            health.close();
        });
    }

    public static DispatcherSettings settingsFrom(Map<String, String> env) {
        TwilioSettings twilio = TwilioSettings.of(required(env, TwilioSettings.ACCOUNT_SID_ENV),
                required(env, TwilioSettings.AUTH_TOKEN_ENV));
        if (present(env, TwilioSettings.BASE_URL_ENV)) {
            twilio = twilio.withApiBaseUrl(URI.create(env.get(TwilioSettings.BASE_URL_ENV).trim()));
        }
        if (present(env, "NUDGE_TWILIO_READ_TIMEOUT_MS")) {
            twilio = twilio.withReadTimeout(Duration.ofMillis(Long.parseLong(env.get("NUDGE_TWILIO_READ_TIMEOUT_MS"))));
        }
        var builder = DispatcherSettings.builder(required(env, "NUDGE_BOOTSTRAP_SERVERS"), twilio)
                .topics(present(env, "NUDGE_TOPIC_PREFIX") ? Topics.withPrefix(env.get("NUDGE_TOPIC_PREFIX"))
                        : Topics.standard())
                .senders(senders(env.getOrDefault("NUDGE_SENDERS", "")))
                .defaultSender(env.get("NUDGE_DEFAULT_SENDER"));
        if (present(env, "NUDGE_WEBHOOK_BASE")) {
            builder.webhookBase(URI.create(env.get("NUDGE_WEBHOOK_BASE")));
        }
        if (present(env, "NUDGE_MAX_CONCURRENT_SENDS")) {
            builder.maxConcurrentSends(Integer.parseInt(env.get("NUDGE_MAX_CONCURRENT_SENDS")));
        }
        if (present(env, "NUDGE_SENDS_PER_SECOND_PER_SENDER")) {
            builder.sendsPerSecondPerSender(Double.parseDouble(env.get("NUDGE_SENDS_PER_SECOND_PER_SENDER")));
        }
        if (present(env, "NUDGE_IN_DOUBT_SETTLE_MS")) {
            builder.inDoubtSettle(Duration.ofMillis(Long.parseLong(env.get("NUDGE_IN_DOUBT_SETTLE_MS"))));
        }
        if (present(env, "NUDGE_RESEND_IF_NOT_FOUND")) {
            builder.resendIfNotFound(Boolean.parseBoolean(env.get("NUDGE_RESEND_IF_NOT_FOUND")));
        }
        if (present(env, "NUDGE_IN_DOUBT_RECHECK_MS")) {
            builder.inDoubtRecheck(Duration.ofMillis(Long.parseLong(env.get("NUDGE_IN_DOUBT_RECHECK_MS"))));
        }
        if (present(env, "NUDGE_IN_DOUBT_HORIZON_MS")) {
            builder.inDoubtHorizon(Duration.ofMillis(Long.parseLong(env.get("NUDGE_IN_DOUBT_HORIZON_MS"))));
        }
        if (present(env, "NUDGE_DISPATCHER_INSTANCE")) {
            builder.instanceId(env.get("NUDGE_DISPATCHER_INSTANCE"));
        }
        if (present(env, "NUDGE_SESSION_TIMEOUT_MS")) {
            builder.sessionTimeout(Duration.ofMillis(Long.parseLong(env.get("NUDGE_SESSION_TIMEOUT_MS"))));
        }
        if (present(env, "NUDGE_MAX_POLL_INTERVAL_MS")) {
            builder.maxPollInterval(Duration.ofMillis(Long.parseLong(env.get("NUDGE_MAX_POLL_INTERVAL_MS"))));
        }
        if (present(env, "NUDGE_SEND_TIME")) {
            builder.sendTime(SendTime.valueOf(env.get("NUDGE_SEND_TIME").trim()));
        }
        if (present(env, "NUDGE_DISPATCHER_GROUP")) {
            builder.groupId(env.get("NUDGE_DISPATCHER_GROUP"));
        }
        return builder.build();
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
                throw new IllegalArgumentException("NUDGE_SENDERS entries look like brand=+15550001111, not " + pair);
            }
            senders.put(parts[0].trim(), parts[1].trim());
        }
        return senders;
    }
}
