package dev.nudge.sequencer;

import dev.nudge.domain.engine.EngineSettings;
import dev.nudge.domain.tenant.TenantSettings;
import dev.nudge.platform.flink.Checkpointing;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sequencer job's settings. Every one has a default (below) and can be given as {@code --name value}.
 *
 * @param bootstrapServers   Kafka bootstrap servers; default {@code localhost:9092}
 * @param topicPrefix        prefix of every topic name, for several environments on one cluster; default none
 * @param consumerGroup      Kafka consumer group of the sources; default {@code nudge-sequencer}
 * @param timeMode           which clock fires steps; default {@code PROCESSING_TIME} (see {@link TimeMode})
 * @param maxOutOfOrderness  how late an event may arrive and still be in order; default 30 s
 * @param sourceIdleness     after how long without records a partition stops holding back event time; default 5 s
 * @param checkpointInterval how often state and the outbox transaction are committed; default (null) the cluster's
 *                           {@code execution.checkpointing.interval}, 10 s if it sets none (see {@link Checkpointing})
 * @param transactionTimeout the Kafka producers' transaction timeout, at most the broker's (15 min); default 10 min
 * @param engine             the engine's policies: {@code --tenants tenants.yaml} (see deploy/tenants.example.yaml);
 *                           default {@link EngineSettings#defaults()}; {@code --tracked-link-base https://ndg.to}
 *                           sends links through the webhook service's short redirect (default: product links as is),
 *                           their tokens keyed with the secret in the environment's {@code NUDGE_LINK_SECRET}
 */
public record SequencerSettings(String bootstrapServers, String topicPrefix, String consumerGroup, TimeMode timeMode,
                                Duration maxOutOfOrderness, Duration sourceIdleness, Duration checkpointInterval,
                                Duration transactionTimeout, EngineSettings engine) implements Serializable {

    /** The tracked-link secret's variable, shared with the webhook service. */
    public static final String LINK_SECRET_ENV = "NUDGE_LINK_SECRET";

    public static SequencerSettings defaults() {
        return new SequencerSettings("localhost:9092", "", "nudge-sequencer", TimeMode.PROCESSING_TIME,
                Duration.ofSeconds(30), Duration.ofSeconds(5), null, Duration.ofMinutes(10),
                EngineSettings.defaults());
    }

    /** Reads {@code --bootstrap-servers host:port --time-mode EVENT_TIME ...}; unknown names are an error. */
    public static SequencerSettings fromArgs(String... args) {
        return fromArgs(System.getenv(), args);
    }

    /** As {@link #fromArgs(String...)}, with the tracked-link secret from {@code environment}, never an argument. */
    public static SequencerSettings fromArgs(Map<String, String> environment, String... args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got: " + String.join(" ", args));
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
        SequencerSettings d = defaults();
        SequencerSettings settings = new SequencerSettings(
                values.getOrDefault("bootstrap-servers", d.bootstrapServers()),
                values.getOrDefault("topic-prefix", d.topicPrefix()),
                values.getOrDefault("consumer-group", d.consumerGroup()),
                TimeMode.valueOf(values.getOrDefault("time-mode", d.timeMode().name())),
                duration(values, "max-out-of-orderness", d.maxOutOfOrderness()),
                duration(values, "source-idleness", d.sourceIdleness()),
                duration(values, "checkpoint-interval", d.checkpointInterval()),
                duration(values, "transaction-timeout", d.transactionTimeout()),
                (values.containsKey("tenants") ? tenantSettings(values.get("tenants")) : d.engine())
                        .withTrackedLinks(values.getOrDefault("tracked-link-base", ""),
                                environment.get(LINK_SECRET_ENV)));
        values.keySet().removeAll(List.of("bootstrap-servers", "topic-prefix", "consumer-group", "time-mode",
                "max-out-of-orderness", "source-idleness", "checkpoint-interval", "transaction-timeout", "tenants",
                "tracked-link-base"));
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown settings: " + values.keySet());
        }
        return settings;
    }

    private static EngineSettings tenantSettings(String file) {
        return TenantSettings.readFile(Path.of(file)).engine();
    }

    private static Duration duration(Map<String, String> values, String name, Duration fallback) {
        String value = values.get(name);
        return value == null ? fallback : Duration.parse(value);
    }
}
