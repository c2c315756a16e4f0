package dev.nudge.simulator;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;

import dev.nudge.platform.topics.TopicAdmin;
import dev.nudge.platform.topics.Topics;

/**
 * Generates a simulated retailer and writes it to Kafka, creating the topics first if they are missing:
 *
 * <pre>
 * SimulatorMain --bootstrap-servers localhost:9092 [--seed 42] [--customers 2000] [--days 30] [--rate 0]
 *               [--start 2025-11-01T00:00:00Z] [--brand acme-coffee] [--topic-prefix staging.] [--dry-run]
 * </pre>
 *
 * {@code --rate} is events per second (0: as fast as the broker takes them); {@code --dry-run} only generates, in
 * memory, and reports the counts and speed.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    /** The command line, parsed. */
    record Options(String bootstrapServers, SimulationConfig config, double rate, String topicPrefix, boolean dryRun) {

        static Options parse(String... args) {
            SimulationConfig config = SimulationConfig.defaults();
            String bootstrapServers = null;
            double rate = 0;
            String prefix = "";
            boolean dryRun = false;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--dry-run")) {
                    dryRun = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String value = args[++i];
                switch (flag) {
                    case "--bootstrap-servers" -> bootstrapServers = value;
                    case "--seed" -> config = config.withSeed(Long.parseLong(value));
                    case "--customers" -> config = config.withCustomers(Integer.parseInt(value));
                    case "--days" -> config = config.withDays(Integer.parseInt(value));
                    case "--start" -> config = config.withStart(Instant.parse(value));
                    case "--brand" -> config = config.withBrandId(value);
                    case "--rate" -> rate = Double.parseDouble(value);
                    case "--topic-prefix" -> prefix = value;
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            if (bootstrapServers == null && !dryRun) {
                throw new IllegalArgumentException("--bootstrap-servers is required (or --dry-run)");
            }
            return new Options(bootstrapServers, config, rate, prefix, dryRun);
        }
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: SimulatorMain --bootstrap-servers HOST:PORT [--seed N] [--customers N] "
                    + "[--days N] [--rate EVENTS_PER_S] [--start INSTANT] [--brand ID] [--topic-prefix P] [--dry-run]");
            System.exit(2);
            return;
        }
        run(options, System.out);
    }

    static void run(Options options, PrintStream out) {
        SimulationConfig config = options.config();
        out.printf("Simulating %s: %,d customers, %d days from %s, seed %d%n", config.brandId(), config.customers(),
                config.days(), config.start(), config.seed());
        Iterator<SimEvent> events = ActivityGenerator.of(config);
        if (options.dryRun()) {
            dryRun(events, out);
            return;
        }
        Topics topics = Topics.withPrefix(options.topicPrefix());
        TopicAdmin.ensure(options.bootstrapServers(), topics.all());
        try (KafkaEventWriter writer = new KafkaEventWriter(options.bootstrapServers(), topics)) {
            WriteReport report = writer.write(events, options.rate(), progress -> out.printf(
                    "  sent %,d, acknowledged %,d (%,.0f/s), event time %s%n", progress.sent(),
                    progress.acknowledged(), progress.eventsPerSecond(), progress.lastEventTime()));
            out.println("Done: " + report);
        }
    }

    private static void dryRun(Iterator<SimEvent> events, PrintStream out) {
        Map<TopicKind, Long> counts = new EnumMap<>(TopicKind.class);
        long start = System.nanoTime();
        while (events.hasNext()) {
            counts.merge(events.next().kind(), 1L, Long::sum);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        out.printf("Generated %,d events in %.1f s (%,.0f/s)%n", total, elapsed.toMillis() / 1000.0,
                total / Math.max(1e-9, elapsed.toNanos() / 1e9));
        counts.forEach((kind, count) -> out.printf("  %-12s %,12d%n", kind, count));
    }
}
