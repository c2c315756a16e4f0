package dev.nudge.demo;

import dev.nudge.analytics.AnalyticsJob;
import dev.nudge.cli.DemoOptions;
import dev.nudge.platform.cli.CommandLines;
import dev.nudge.platform.cli.UserError;
import dev.nudge.analytics.AnalyticsSettings;
import dev.nudge.analytics.AttributionSettings;
import dev.nudge.events.BrowseAction;
import dev.nudge.events.BrowseEvent;
import dev.nudge.events.Decision;
import dev.nudge.events.SequenceDefinition;
import dev.nudge.events.Tenant;
import dev.nudge.dispatcher.Dispatcher;
import dev.nudge.dispatcher.DispatcherSettings;
import dev.nudge.dispatcher.SendTime;
import dev.nudge.platform.clickhouse.ClickHouseSinkOptions;
import dev.nudge.platform.clickhouse.QueryParameters;
import dev.nudge.platform.twilio.TwilioSettings;
import dev.nudge.sequencer.DefinitionFiles;
import dev.nudge.sequencer.KafkaIo;
import dev.nudge.sequencer.SequencerJob;
import dev.nudge.sequencer.SequencerSettings;
import dev.nudge.sequencer.TimeMode;
import dev.nudge.simulator.SimEvent;
import dev.nudge.simulator.Simulation;
import dev.nudge.simulator.SimulationConfig;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one-command demo: a simulated coffee roaster's month through the sequencer, the dispatcher, the webhook service
 * and the analytics job, on a Kafka broker, a ClickHouse server and a Twilio-compatible server started here, with a
 * summary at the end. The month runs in minutes of event time: the dispatcher judges each text at its decision time,
 * the webhook service stamps delivery receipts with it and replies and clicks with a simulated clock.
 *
 * <p>Options ({@link DemoOptions}, checked first by {@code ./nudge demo}): {@code --customers 2000 --days 30 --seed 42};
 * {@code --cluster} runs the jobs as their job jars on a standalone Flink cluster of three JVMs
 * ({@code deploy/flink-cluster.sh}) instead of a MiniCluster in this JVM.
 */
public final class DemoMain {

    private static final String BRAND = "demo-roasters";
    private static final String SEQUENCER_GROUP = "nudge-demo-sequencer";
    private static final String ANALYTICS_GROUP = "nudge-demo-analytics";
    private static final String DISPATCHER_GROUP = "nudge-demo-dispatcher";
    private static final String DEMO_HASH_KEY = "nudge-demo-hash-key";
    /** The fake has no carrier limits; the default (a long code's 50/s) would only slow the demo down. */
    private static final double DEMO_SENDS_PER_SECOND = 1_000;

    private DemoMain() {}

    public static void main(String[] args) throws Exception {
        try {
            run(System.out, args);
        } catch (UserError e) {
            System.err.println("error: " + e.getMessage());
            System.exit(CommandLines.USER_ERROR);
        }
    }

    /** Runs the demo and returns what the tests check besides the printed summary. */
    static DemoRun run(PrintStream out, String... args) throws Exception {
        DemoOptions options = CommandLines.parse(new DemoOptions(), args).validate();
        Path root = Path.of(System.getProperty("nudge.root", ".")).toAbsolutePath().normalize();
        SimulationConfig config = SimulationConfig.defaults().withBrandId(BRAND).withSeed(options.seed())
                .withCustomers(options.customers()).withDays(options.days());
        out.printf("Nudge demo: a simulated coffee roaster, %,d customers, %d days from %s%n",
                config.customers(), config.days(), config.start());

        long started = System.nanoTime();
        out.print("[1/5] starting Kafka, ClickHouse, the Twilio-compatible server and the webhook service ... ");
        DemoRun run;
        try (DemoStack stack = DemoStack.start(root, options, BRAND, config.start())) {
            out.printf("ready in %.1f s%n", seconds(started));

            List<SequenceDefinition> definitions = definitions(root.resolve(options.sequencesDirectory()), config.start());
            out.printf("[2/5] publishing %d sequence definitions: %s%n", definitions.size(),
                    definitions.stream().map(SequenceDefinition::getSequenceId).toList());
            Simulation simulation = Simulation.of(config);
            DemoTally tally = new DemoTally();
            Optional<DemoOptions.RealTwilio> realTwilio = options.realTwilio();
            LivePhones livePhones = realTwilio.map(real -> LivePhones.choose(config, real.to()))
                    .orElse(LivePhones.none());
            realTwilio.ifPresent(real -> out.printf("      real Twilio (account %s, from %s): only to %s, the phones "
                    + "of customers %s; every other text is skipped%n", real.accountSid(), real.from(), real.to(),
                    livePhones.phoneByCustomer().keySet()));
            try (Dispatcher dispatcher = Dispatcher.start(realTwilio.map(real -> dispatcherSettings(stack, real))
                        .orElseGet(() -> dispatcherSettings(stack)));
                 DemoFeed feed = new DemoFeed(stack, dispatcher, simulation, options.responseParameters(),
                         SEQUENCER_GROUP, tally, livePhones)) {
                definitions.forEach(feed::publish);

                out.println(options.cluster()
                        ? "[3/5] starting a Flink cluster (a JobManager and two TaskManagers, deploy/flink-cluster.sh) "
                                + "and submitting the sequencer and analytics job jars, next to the dispatcher"
                        : "[3/5] starting the sequencer and analytics jobs on a Flink MiniCluster, next to the dispatcher");
                AutoCloseable jobs = options.cluster() ? startOnCluster(root, stack, out) : startJobs(stack);

                out.printf("[4/5] simulating %d days%n", config.days());
                ProgressBar bar = new ProgressBar(out, config.days());
                for (int day = 1; day <= config.days(); day++) {
                    feed.playUntil(config.start().plus(Duration.ofDays(day)));
                    bar.show(day, String.format("days  %,d events, %,d texts, %,d reactions", tally.events,
                            tally.texts.size(), tally.reactions));
                }
                feed.write(clockTick(config.end().plus(Duration.ofDays(4))));
                feed.playUntil(config.end());
                bar.finish();

                out.println("[5/5] summary");
                feed.awaitLastTextsDelivered();
                List<Decision> decisions = feed.decisions();
                feed.awaitAnalyticsCaughtUp(ANALYTICS_GROUP);
                DemoSummary.Facts facts = DemoSummary.Facts.parse(stack.clickHouse.query(resource("facts.sql")));
                DemoSummary.print(out, tally, decisions,
                        new DemoSummary.Delivery(stack.twilio.messages().size(), dispatcher.stats(), stack.webhooks.stats()),
                        facts);
                realTwilio.ifPresent(real -> out.printf("  real Twilio                  %,d texts sent to %s through "
                        + "your account, %,d skipped (not on the --to allowlist, or blocked at send time)%n",
                        dispatcher.stats().sent(), real.to(), dispatcher.stats().skipped()));
                DemoSummary.printBandit(out, decisions, config.end(), options.responseParameters());
                out.printf("%n  The funnel per sequence and step, from ClickHouse (sql/queries/01_funnel.sql):%n%n");
                Map<String, String> simulatedMonth = Map.of("brand", BRAND, "from", config.start().toString()
                        .substring(0, 19), "to", config.end().plus(Duration.ofDays(1)).toString().substring(0, 19));
                out.println(stack.clickHouse.query(QueryParameters.bind(Files.readString(
                        root.resolve("sql/queries/01_funnel.sql")), simulatedMonth)
                        + "\nFORMAT PrettyCompactNoEscapes").indent(2));
                run = new DemoRun(List.copyOf(tally.texts), decisions, stack.twilio.messages(), feed.receipts(),
                        dispatcher.stats(), stack.webhooks.stats());
                jobs.close();
            }
            out.printf("Done in %.0f s. The facts stay in ClickHouse (.nudge/clickhouse). To explore them:%n", seconds(started));
            out.printf("  deploy/clickhouse.sh start%n");
            out.printf("  NUDGE_CH_HOST=127.0.0.1 NUDGE_CH_TCP_PORT=%d /usr/bin/python3 -m nbconvert --to html --execute "
                    + "notebooks/sequence-performance.ipynb --output-dir .nudge/notebooks%n", options.clickHouseTcpPort());
            out.printf("  ./nudge tune --sequence coffee-checkout-addon --brand %s --definition sequences/coffee-checkout-addon.yaml "
                    + "--clickhouse-url http://127.0.0.1:%d%n", BRAND, options.clickHouseHttpPort());
            out.printf("  Grafana: import deploy/grafana/nudge.json (ClickHouse data source on port %d)%n", options.clickHouseHttpPort());
        }
        return run;
    }

    /**
     * The real dispatcher against the Twilio-compatible server, in decision time: the simulated month runs in
     * minutes, so expiry and quiet hours are judged when the engine decided each text, and SENT carries that time.
     */
    private static DispatcherSettings dispatcherSettings(DemoStack stack) {
        TwilioSettings twilio = TwilioSettings.of(stack.twilio.accountSid(), stack.twilio.authToken())
                .withApiBaseUrl(URI.create(stack.twilio.baseUrl()));
        return DispatcherSettings.builder(stack.kafka.bootstrapServers(), twilio)
                .topics(stack.topics)
                .groupId(DISPATCHER_GROUP)
                .senders(Map.of(BRAND, DemoStack.SENDER))
                .webhookBase(stack.webhookBase)
                .sendTime(SendTime.DECISION_TIME)
                .sendsPerSecondPerSender(DEMO_SENDS_PER_SECOND)
                .build();
    }

    /**
     * The dispatcher on the user's Twilio account, allowed to text only the {@code --to} numbers. Twilio cannot reach
     * the webhook service on this machine, so the texts ask for no status callbacks.
     */
    private static DispatcherSettings dispatcherSettings(DemoStack stack, DemoOptions.RealTwilio real) {
        TwilioSettings twilio = TwilioSettings.of(real.accountSid(), real.authToken());
        if (real.baseUrl() != null) {
            twilio = twilio.withApiBaseUrl(real.baseUrl());
        }
        return DispatcherSettings.builder(stack.kafka.bootstrapServers(), twilio)
                .topics(stack.topics)
                .groupId(DISPATCHER_GROUP)
                .senders(Map.of(BRAND, real.from()))
                .recipientAllowlist(Set.copyOf(real.to()))
                .sendTime(SendTime.DECISION_TIME)
                .build();
    }

    /** The same jobs and settings as {@link #startJobs}, as job jars on a standalone cluster (its state in .nudge/flink). */
    private static ClusterJobs startOnCluster(Path root, DemoStack stack, PrintStream out) {
        String bootstrap = stack.kafka.bootstrapServers();
        List<String> sequencer = List.of("--bootstrap-servers", bootstrap, "--consumer-group", SEQUENCER_GROUP,
                "--time-mode", "EVENT_TIME", "--source-idleness", "PT1S", "--tracked-link-base", stack.trackedLinkBase());
        List<String> analytics = List.of("--bootstrap-servers", bootstrap, "--consumer-group", ANALYTICS_GROUP,
                "--clickhouse-jdbc-url", stack.clickHouse.jdbcUrl(), "--hash-key", DEMO_HASH_KEY,
                "--source-idleness", "PT1S");
        // The interval is the cluster's configuration (execution.checkpointing.interval); the jobs ask for none.
        ClusterJobs jobs = ClusterJobs.start(root, root.resolve(".nudge/flink"), Duration.ofMillis(500),
                Map.of(SequencerSettings.LINK_SECRET_ENV, stack.linkSecret), sequencer,
                analytics);
        out.printf("      Flink web UI: %s (the cluster stops with the demo)%n", jobs.cluster().restUrl());
        return jobs;
    }

    /** Both jobs on a MiniCluster in this JVM; closing cancels them. */
    private static AutoCloseable startJobs(DemoStack stack) throws Exception {
        String bootstrap = stack.kafka.bootstrapServers();
        SequencerSettings defaults = SequencerSettings.defaults();
        SequencerSettings settings = new SequencerSettings(bootstrap, "", SEQUENCER_GROUP, TimeMode.EVENT_TIME,
                Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMillis(500), defaults.transactionTimeout(),
                defaults.engine().withTrackedLinks(stack.trackedLinkBase(), stack.linkSecret));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        SequencerJob.build(env, new KafkaIo(settings).sources(), new KafkaIo(settings).sinks(), settings);
        AnalyticsSettings analytics = new AnalyticsSettings(bootstrap, "", ANALYTICS_GROUP,
                stack.clickHouse.jdbcUrl(), DEMO_HASH_KEY, Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofMillis(500), AttributionSettings.defaults());
        AnalyticsJob.build(env, AnalyticsJob.kafkaSources(analytics, stack.topics),
                AnalyticsJob.clickHouseSinks(ClickHouseSinkOptions.builder(stack.clickHouse.jdbcUrl()).build(),
                        analytics.keyedHash()).withVariantOutcomes(AnalyticsJob.variantOutcomeSink(analytics, stack.topics)),
                analytics);
        JobClient job = env.executeAsync("nudge-demo");
        return () -> job.cancel().get();
    }

    /** The example sequences, published just before the simulated month begins. */
    private static List<SequenceDefinition> definitions(Path directory, Instant start) throws IOException {
        return DefinitionFiles.read(directory, start.minus(Duration.ofHours(1)));
    }

    /** A browse by nobody in particular: it moves event time on so the last day's steps come due. */
    private static SimEvent clockTick(Instant at) {
        BrowseEvent tick = BrowseEvent.newBuilder().setEventId("demo-clock-" + at.toEpochMilli())
                .setTenant(new Tenant(BRAND, null)).setCustomerId("demo-clock").setEventTime(at)
                .setAction(BrowseAction.SEARCH).build();
        return SimEvent.of("demo-clock", tick, at);
    }

    private static String resource(String name) throws IOException {
        try (var in = DemoMain.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("No resource " + name + " next to " + DemoMain.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
