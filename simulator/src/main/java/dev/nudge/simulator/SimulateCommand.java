package dev.nudge.simulator;

import dev.nudge.platform.cli.CommandLines;
import dev.nudge.platform.cli.UserError;
import dev.nudge.platform.topics.TopicAdmin;
import dev.nudge.platform.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./nudge simulate}: generates a simulated retailer and writes it to Kafka, creating the topics first if they
 * are missing. {@code --rate} is events per second (0: as fast as the broker takes them); {@code --dry-run} only
 * generates, in memory, and reports the counts and speed.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Writes a simulated retailer's catalog, customers, browsing and purchases to Kafka.")
public final class SimulateCommand implements Callable<Integer> {

    private static final SimulationConfig DEFAULTS = SimulationConfig.defaults();

    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:NUDGE_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka (env NUDGE_BOOTSTRAP_SERVERS); default ${DEFAULT-VALUE}")
    String bootstrapServers;

    @Option(names = "--topic-prefix", defaultValue = "${env:NUDGE_TOPIC_PREFIX:-}",
            description = "prefix of every topic name (env NUDGE_TOPIC_PREFIX); default none")
    String topicPrefix;

    @Option(names = "--seed", description = "the simulation's seed; default " + "${DEFAULT-VALUE}")
    long seed = DEFAULTS.seed();

    @Option(names = "--customers", description = "customers; default ${DEFAULT-VALUE}")
    int customers = DEFAULTS.customers();

    @Option(names = "--days", description = "simulated days; default ${DEFAULT-VALUE}")
    int days = DEFAULTS.days();

    @Option(names = "--start", paramLabel = "INSTANT", description = "the first simulated moment, e.g. "
            + "2025-11-01T00:00:00Z; default ${DEFAULT-VALUE}")
    Instant start = DEFAULTS.start();

    @Option(names = "--brand", description = "the brand id; default ${DEFAULT-VALUE}")
    String brand = DEFAULTS.brandId();

    @Option(names = "--rate", paramLabel = "EVENTS_PER_S", description = "events per second, 0 as fast as the broker "
            + "takes them; default ${DEFAULT-VALUE}")
    double rate;

    @Option(names = "--dry-run", description = "only generate, in memory, and report the counts and speed")
    boolean dryRun;

    public static void main(String[] args) {
        CommandLines.exit(new SimulateCommand(), args);
    }

    /** The command with {@code args} read, not run (for tests). */
    static SimulateCommand parse(String... args) {
        SimulateCommand command = new SimulateCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    SimulationConfig config() {
        if (customers < 1 || days < 1 || rate < 0) {
            throw new UserError("--customers and --days must be at least 1 and --rate not negative");
        }
        return DEFAULTS.withSeed(seed).withCustomers(customers).withDays(days).withStart(start).withBrandId(brand);
    }

    @Override
    public Integer call() {
        run(spec.commandLine().getOut());
        return 0;
    }

    void run(PrintWriter out) {
        SimulationConfig config = config();
        out.printf("Simulating %s: %,d customers, %d days from %s, seed %d%n", config.brandId(), config.customers(),
                config.days(), config.start(), config.seed());
        Iterator<SimEvent> events = ActivityGenerator.of(config);
        if (dryRun) {
            dryRun(events, out);
            return;
        }
        Topics topics;
        try {
            topics = Topics.withPrefix(topicPrefix);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        TopicAdmin.ensure(bootstrapServers, topics.all());
        try (KafkaEventWriter writer = new KafkaEventWriter(bootstrapServers, topics)) {
            WriteReport report = writer.write(events, rate, progress -> out.printf(
                    "  sent %,d, acknowledged %,d (%,.0f/s), event time %s%n", progress.sent(),
                    progress.acknowledged(), progress.eventsPerSecond(), progress.lastEventTime()));
            out.println("Done: " + report);
        }
    }

    private static void dryRun(Iterator<SimEvent> events, PrintWriter out) {
        Map<TopicKind, Long> counts = new EnumMap<>(TopicKind.class);
        long started = System.nanoTime();
        while (events.hasNext()) {
            counts.merge(events.next().kind(), 1L, Long::sum);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        out.printf("Generated %,d events in %.1f s (%,.0f/s)%n", total, elapsed.toMillis() / 1000.0,
                total / Math.max(1e-9, elapsed.toNanos() / 1e9));
        counts.forEach((kind, count) -> out.printf("  %-12s %,12d%n", kind, count));
    }
}
