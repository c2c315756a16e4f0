package dev.nudge.sequencer;

import dev.nudge.domain.engine.EngineSettings;
import dev.nudge.domain.tenant.TenantSettings;
import dev.nudge.platform.cli.CommandLines;
import dev.nudge.platform.cli.UserError;
import dev.nudge.platform.flink.Checkpointing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The sequencer job's settings. Every one has a default (below) and can be given as {@code --name value} or as the
 * environment variable {@code NUDGE_NAME} ({@link Options}).
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

    /** Reads {@code --bootstrap-servers host:port --time-mode EVENT_TIME ...} over this process's environment. */
    public static SequencerSettings fromArgs(String... args) {
        return fromArgs(System.getenv(), args);
    }

    /**
     * Reads the settings from {@code args} and {@code environment} ({@link Options}): a flag wins over its variable,
     * and the tracked-link secret is only ever a variable. A bad option is a {@link UserError}.
     */
    public static SequencerSettings fromArgs(Map<String, String> environment, String... args) {
        return fromCommandLine(environment, args).orElseThrow(() -> new UserError("--help asks for no settings"));
    }

    /** As {@link #fromArgs(Map, String...)}; empty after printing the usage for {@code --help}. */
    public static Optional<SequencerSettings> fromCommandLine(Map<String, String> environment, String... args) {
        return CommandLines.read(new Options(), environment, args).map(options -> options.settings(environment));
    }

    /** The sequencer job's options; each can also be its environment variable ({@code NUDGE_BOOTSTRAP_SERVERS}). */
    @Command(name = "SequencerJob", mixinStandardHelpOptions = true,
            description = "The sequencer job: customer events in, texts to send and decisions out.")
    static final class Options {

        private static final SequencerSettings DEFAULTS = defaults();

        @Option(names = "--bootstrap-servers", description = "Kafka; default ${DEFAULT-VALUE}")
        String bootstrapServers = DEFAULTS.bootstrapServers();

        @Option(names = "--topic-prefix", description = "prefix of every topic name; default none")
        String topicPrefix = DEFAULTS.topicPrefix();

        @Option(names = "--consumer-group", description = "the sources' consumer group; default ${DEFAULT-VALUE}")
        String consumerGroup = DEFAULTS.consumerGroup();

        @Option(names = "--time-mode", description = "which clock fires steps: ${COMPLETION-CANDIDATES}; default "
                + "${DEFAULT-VALUE}")
        TimeMode timeMode = DEFAULTS.timeMode();

        @Option(names = "--max-out-of-orderness", paramLabel = "DURATION",
                description = "how late an event may arrive and still be in order; default ${DEFAULT-VALUE}")
        Duration maxOutOfOrderness = DEFAULTS.maxOutOfOrderness();

        @Option(names = "--source-idleness", paramLabel = "DURATION", description = "after how long without records "
                + "a partition stops holding back event time; default ${DEFAULT-VALUE}")
        Duration sourceIdleness = DEFAULTS.sourceIdleness();

        @Option(names = "--checkpoint-interval", paramLabel = "DURATION",
                description = "default the cluster's execution.checkpointing.interval, 10 s if it sets none")
        Duration checkpointInterval = DEFAULTS.checkpointInterval();

        @Option(names = "--transaction-timeout", paramLabel = "DURATION",
                description = "the Kafka producers' transaction timeout, at most the broker's; default ${DEFAULT-VALUE}")
        Duration transactionTimeout = DEFAULTS.transactionTimeout();

        @Option(names = "--tenants", paramLabel = "FILE", description = "the tenant settings (deploy/tenants.example.yaml)")
        Path tenants;

        @Option(names = "--tracked-link-base", paramLabel = "URL", description = "send links through the webhook "
                + "service's short redirect, e.g. https://ndg.to, keyed with " + LINK_SECRET_ENV + " (a variable only)")
        String trackedLinkBase = "";

        SequencerSettings settings(Map<String, String> environment) {
            EngineSettings engine = tenants != null ? tenantSettings(tenants.toString()) : DEFAULTS.engine();
            return new SequencerSettings(bootstrapServers, topicPrefix, consumerGroup, timeMode, maxOutOfOrderness,
                    sourceIdleness, checkpointInterval, transactionTimeout,
                    engine.withTrackedLinks(trackedLinkBase, environment.get(LINK_SECRET_ENV)));
        }
    }

    private static EngineSettings tenantSettings(String file) {
        return TenantSettings.readFile(Path.of(file)).engine();
    }

}
