package dev.nudge.analytics;

import dev.nudge.platform.clickhouse.ClickHouseLogin;
import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The analytics job's settings. Every one but the hash key has a default and can be given as {@code --name value}.
 *
 * @param bootstrapServers   Kafka bootstrap servers; default {@code localhost:9092}
 * @param topicPrefix        prefix of every topic name; default none
 * @param consumerGroup      Kafka consumer group of the sources; default {@code nudge-analytics}
 * @param clickHouseJdbcUrl  where the facts go; default {@code jdbc:clickhouse://127.0.0.1:8123/default}
 * @param hashKey            secret key of the customer and phone hashes ({@code --hash-key}, or the environment
 *                           variable {@code NUDGE_HASH_KEY}); at least 16 bytes, no default
 * @param maxOutOfOrderness  how late an event may arrive and still be in order; default 30 s
 * @param sourceIdleness     after how long without records a partition stops holding back event time; default 5 s
 * @param checkpointInterval how often state is checkpointed and the ClickHouse batches flushed; default (null) the
 *                           cluster's {@code execution.checkpointing.interval}, 10 s if it sets none (see
 *                           {@link dev.nudge.platform.flink.Checkpointing})
 * @param attribution        windows and lateness ({@code --attribution-window P3D}, {@code --allowed-lateness P1D});
 *                           default {@link AttributionSettings#defaults()}
 * @param clickHouseLogin    user, password and CA certificate for a TLS URL ({@code --clickhouse-user},
 *                           {@code --clickhouse-password}, {@code --clickhouse-ca-certificate}, or the environment
 *                           variables of {@link ClickHouseLogin}); default the passwordless {@code default} user
 */
public record AnalyticsSettings(String bootstrapServers, String topicPrefix, String consumerGroup,
                                String clickHouseJdbcUrl, String hashKey, Duration maxOutOfOrderness,
                                Duration sourceIdleness, Duration checkpointInterval,
                                AttributionSettings attribution, ClickHouseLogin clickHouseLogin)
        implements Serializable {

    private static final List<String> NAMES = List.of("bootstrap-servers", "topic-prefix", "consumer-group",
            "clickhouse-jdbc-url", "hash-key", "max-out-of-orderness", "source-idleness", "checkpoint-interval",
            "attribution-window", "allowed-lateness", "clickhouse-user", "clickhouse-password",
            "clickhouse-ca-certificate");

    /** As ClickHouse's passwordless {@code default} user. */
    public AnalyticsSettings(String bootstrapServers, String topicPrefix, String consumerGroup,
                             String clickHouseJdbcUrl, String hashKey, Duration maxOutOfOrderness,
                             Duration sourceIdleness, Duration checkpointInterval, AttributionSettings attribution) {
        this(bootstrapServers, topicPrefix, consumerGroup, clickHouseJdbcUrl, hashKey, maxOutOfOrderness,
                sourceIdleness, checkpointInterval, attribution, ClickHouseLogin.DEFAULT);
    }

    /** Defaults with the given hash key. */
    public static AnalyticsSettings defaults(String hashKey) {
        return new AnalyticsSettings("localhost:9092", "", "nudge-analytics", "jdbc:clickhouse://127.0.0.1:8123/default",
                hashKey, Duration.ofSeconds(30), Duration.ofSeconds(5), null,
                AttributionSettings.defaults(), ClickHouseLogin.DEFAULT);
    }

    /** Reads {@code --bootstrap-servers host:port --hash-key ...}; unknown names are an error. */
    public static AnalyticsSettings fromArgs(Map<String, String> environment, String... args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length || !NAMES.contains(args[i].substring(2))) {
                throw new IllegalArgumentException("expected --name value pairs with names " + NAMES + ", got: "
                        + String.join(" ", args));
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
        String hashKey = values.getOrDefault("hash-key", environment.get("NUDGE_HASH_KEY"));
        if (hashKey == null) {
            throw new IllegalArgumentException("give the hash key with --hash-key or NUDGE_HASH_KEY");
        }
        AnalyticsSettings d = defaults(hashKey);
        AttributionSettings a = d.attribution();
        return new AnalyticsSettings(
                values.getOrDefault("bootstrap-servers", d.bootstrapServers()),
                values.getOrDefault("topic-prefix", d.topicPrefix()),
                values.getOrDefault("consumer-group", d.consumerGroup()),
                values.getOrDefault("clickhouse-jdbc-url", d.clickHouseJdbcUrl()),
                hashKey,
                duration(values, "max-out-of-orderness", d.maxOutOfOrderness()),
                duration(values, "source-idleness", d.sourceIdleness()),
                duration(values, "checkpoint-interval", d.checkpointInterval()),
                new AttributionSettings(duration(values, "attribution-window", a.defaultWindow()),
                        a.windowBySequence(), duration(values, "allowed-lateness", a.allowedLateness()),
                        a.textRetention()),
                ClickHouseLogin.fromEnvironment(environment).overriddenBy(values.get("clickhouse-user"),
                        values.get("clickhouse-password"), values.get("clickhouse-ca-certificate")));
    }

    public KeyedHash keyedHash() {
        return KeyedHash.ofSecret(hashKey);
    }

    @Override
    public String toString() {
        // The hash key is a secret: never in logs.
        return "AnalyticsSettings[bootstrapServers=" + bootstrapServers + ", topicPrefix=" + topicPrefix
                + ", consumerGroup=" + consumerGroup + ", clickHouseJdbcUrl=" + clickHouseJdbcUrl
                + ", maxOutOfOrderness=" + maxOutOfOrderness + ", sourceIdleness=" + sourceIdleness
                + ", checkpointInterval=" + checkpointInterval + ", attribution=" + attribution
                + ", clickHouseLogin=" + clickHouseLogin + "]";
    }

    private static Duration duration(Map<String, String> values, String name, Duration fallback) {
        String value = values.get(name);
        return value == null ? fallback : Duration.parse(value);
    }
}
