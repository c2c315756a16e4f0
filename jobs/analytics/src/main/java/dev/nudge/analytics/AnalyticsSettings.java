package dev.nudge.analytics;

import dev.nudge.platform.cli.CommandLines;
import dev.nudge.platform.clickhouse.ClickHouseLogin;
import dev.nudge.platform.cli.UserError;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The analytics job's settings. Every one but the hash key has a default and can be given as {@code --name value}
 * or as the environment variable {@code NUDGE_NAME} ({@link Options}).
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
 * @param clickHouseLogin    user, password and the CA of the server's TLS certificate; default {@code default}, no
 *                           password ({@code --clickhouse-user}, {@code NUDGE_CLICKHOUSE_PASSWORD},
 *                           {@code --clickhouse-ca-certificate})
 */
public record AnalyticsSettings(String bootstrapServers, String topicPrefix, String consumerGroup,
                                String clickHouseJdbcUrl, String hashKey, Duration maxOutOfOrderness,
                                Duration sourceIdleness, Duration checkpointInterval,
                                AttributionSettings attribution, ClickHouseLogin clickHouseLogin)
        implements Serializable {

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

    /**
     * Reads {@code --bootstrap-servers host:port --hash-key ...} and {@code environment} ({@link Options}): a flag
     * wins over its variable. A bad option or a missing hash key is a {@link UserError}.
     */
    public static AnalyticsSettings fromArgs(Map<String, String> environment, String... args) {
        return fromCommandLine(environment, args).orElseThrow(() -> new UserError("--help asks for no settings"));
    }

    /** As {@link #fromArgs}; empty after printing the usage for {@code --help}. */
    public static Optional<AnalyticsSettings> fromCommandLine(Map<String, String> environment, String... args) {
        return CommandLines.read(new Options(), environment, args).map(Options::settings);
    }

    /** The analytics job's options; each can also be its environment variable ({@code NUDGE_HASH_KEY}). */
    @Command(name = "AnalyticsJob", mixinStandardHelpOptions = true,
            description = "The analytics job: facts and last-touch attribution into ClickHouse.")
    static final class Options {

        private static final AnalyticsSettings DEFAULTS = defaults(null);

        @Option(names = "--bootstrap-servers", description = "Kafka; default ${DEFAULT-VALUE}")
        String bootstrapServers = DEFAULTS.bootstrapServers();

        @Option(names = "--topic-prefix", description = "prefix of every topic name; default none")
        String topicPrefix = DEFAULTS.topicPrefix();

        @Option(names = "--consumer-group", description = "the sources' consumer group; default ${DEFAULT-VALUE}")
        String consumerGroup = DEFAULTS.consumerGroup();

        @Option(names = "--clickhouse-jdbc-url", description = "where the facts go; default ${DEFAULT-VALUE}")
        String clickHouseJdbcUrl = DEFAULTS.clickHouseJdbcUrl();

        @Option(names = "--hash-key", description = "secret key of the customer and phone hashes, at least 16 bytes "
                + "(better as NUDGE_HASH_KEY than as a flag); required")
        String hashKey;

        @Option(names = "--max-out-of-orderness", paramLabel = "DURATION",
                description = "how late an event may arrive and still be in order; default ${DEFAULT-VALUE}")
        Duration maxOutOfOrderness = DEFAULTS.maxOutOfOrderness();

        @Option(names = "--source-idleness", paramLabel = "DURATION", description = "after how long without records "
                + "a partition stops holding back event time; default ${DEFAULT-VALUE}")
        Duration sourceIdleness = DEFAULTS.sourceIdleness();

        @Option(names = "--checkpoint-interval", paramLabel = "DURATION",
                description = "default the cluster's execution.checkpointing.interval, 10 s if it sets none")
        Duration checkpointInterval = DEFAULTS.checkpointInterval();

        @Option(names = "--attribution-window", paramLabel = "DURATION",
                description = "default ${DEFAULT-VALUE}")
        Duration attributionWindow = DEFAULTS.attribution().defaultWindow();

        @Option(names = "--allowed-lateness", paramLabel = "DURATION",
                description = "how late a purchase may reach attribution; default ${DEFAULT-VALUE}")
        Duration allowedLateness = DEFAULTS.attribution().allowedLateness();

        @Option(names = "--clickhouse-user", description = "default ${DEFAULT-VALUE}")
        String clickHouseUser = ClickHouseLogin.DEFAULT.user();

        @Option(names = "--clickhouse-password", description = "better as NUDGE_CLICKHOUSE_PASSWORD than as a flag; "
                + "default none")
        String clickHousePassword = ClickHouseLogin.DEFAULT.password();

        @Option(names = "--clickhouse-ca-certificate", paramLabel = "PEM",
                description = "the CA that signed the server's TLS certificate (with an https JDBC URL); default the JDK's")
        String clickHouseCaCertificate;

        AnalyticsSettings settings() {
            AttributionSettings a = DEFAULTS.attribution();
            return new AnalyticsSettings(bootstrapServers, topicPrefix, consumerGroup, clickHouseJdbcUrl,
                    CommandLines.required(hashKey, "--hash-key", "NUDGE_HASH_KEY"), maxOutOfOrderness,
                    sourceIdleness, checkpointInterval, new AttributionSettings(attributionWindow,
                            a.windowBySequence(), allowedLateness, a.textRetention()),
                    new ClickHouseLogin(clickHouseUser, clickHousePassword, clickHouseCaCertificate));
        }
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

}
