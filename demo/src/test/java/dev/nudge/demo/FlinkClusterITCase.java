package dev.nudge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nudge.devstack.Await;
import dev.nudge.devstack.clickhouse.ClickHouseExtension;
import dev.nudge.devstack.flink.FlinkCluster;
import dev.nudge.devstack.flink.FlinkRest;
import dev.nudge.devstack.kafka.ConsumerProgress;
import dev.nudge.devstack.kafka.KafkaExtension;
import dev.nudge.devstack.metrics.GrafanaDashboard;
import dev.nudge.devstack.metrics.PrometheusScrape;
import dev.nudge.events.BrowseAction;
import dev.nudge.events.Decision;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SmsIntent;
import dev.nudge.platform.clickhouse.Migrations;
import dev.nudge.platform.topics.Topic;
import dev.nudge.platform.topics.Topics;
import dev.nudge.sequencer.DefinitionFiles;
import dev.nudge.sequencer.PublishCommand;
import dev.nudge.sequencer.SequencerSettings;
import dev.nudge.sequencer.TestDefinitions;
import dev.nudge.sequencer.TestEvents;
import dev.nudge.sequencer.TopicClient;
import dev.nudge.simulator.KafkaEventWriter;
import dev.nudge.simulator.SimEvent;
import dev.nudge.simulator.Simulation;
import dev.nudge.simulator.SimulationConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job jars on a real standalone Flink cluster ({@code deploy/flink-cluster.sh}: a JobManager and two TaskManagers,
 * each its own JVM, RocksDB, file-system checkpoints every second as the cluster's configuration says; the jobs are
 * given no interval of their own), fed through a real Kafka broker, writing to a real ClickHouse server.
 *
 * <ul>
 *   <li>A TaskManager running the sequencer is SIGKILLed while the second half of a simulated month is being read:
 *       both jobs come back from their last checkpoint, the outbox (read committed) holds every intent once, and
 *       ClickHouse holds exactly the script's purchases and the topics' texts and decisions, once each.</li>
 *   <li>The sequencer is stopped with a savepoint between the two steps of a sequence and a new deployment (another
 *       jar upload, a changed setting) is restored from it: the customers' state and their pending timers survive,
 *       and the texts due after the upgrade go out once, from the new deployment.</li>
 * </ul>
 */
class FlinkClusterITCase {

    private static final Path ROOT = Path.of(System.getProperty("nudge.root", "..")).toAbsolutePath().normalize();
    private static final String BRAND = "demo-roasters";
    private static final Topics RECOVERY = Topics.withPrefix("recovery.");
    private static final Topics UPGRADE = Topics.withPrefix("upgrade.");
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    private static final Duration DEADLINE = Duration.ofMinutes(3);
    private static final String ENGINE_VERTEX = "Sequence engine per customer";
    private static final String OPERATOR = "flink_taskmanager_job_task_operator_";
    private static final Map<String, String> ENGINE_METRICS = Map.of("operator_name", "Sequence_engine_per_customer");

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension().withTopics(Stream.of(RECOVERY, UPGRADE)
            .flatMap(topics -> topics.all().stream()).map(Topic::toNewTopic).toList());

    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension()
            .afterStart(server -> Migrations.apply(server.httpUrl(), ROOT.resolve("sql")));

    private static FlinkCluster cluster;
    private static FlinkRest rest;
    private static String sequencerJar;

    @BeforeAll
    static void startCluster() throws Exception {
        Path directory = Files.createTempDirectory("flink-cluster-");
        // The upgraded sequencer renders tracked links, keyed with the secret its main reads from the environment.
        cluster = FlinkCluster.start(ROOT, directory, CHECKPOINT_INTERVAL,
                Map.of(SequencerSettings.LINK_SECRET_ENV, "link-secret-of-the-cluster-test"));
        phase("cluster started, REST " + cluster.restUrl() + ", state in " + directory);
        rest = cluster.rest();
        sequencerJar = rest.uploadJar(ClusterJobs.jobJar(ROOT, "sequencer"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aTaskManagerKilledMidRunCostsNeitherDuplicateTextsNorDuplicateFacts() throws Exception {
        SimulationConfig config = SimulationConfig.defaults().withBrandId(BRAND).withCustomers(1_000).withDays(16);
        List<SimEvent> script = new ArrayList<>();
        Simulation.of(config).events().forEachRemaining(script::add);
        Instant half = config.start().plus(Duration.ofDays(config.days() / 2));
        List<PurchaseEvent> purchases = script.stream().map(SimEvent::value)
                .filter(PurchaseEvent.class::isInstance).map(PurchaseEvent.class::cast).toList();

        String analyticsJar = rest.uploadJar(ClusterJobs.jobJar(ROOT, "analytics"));
        String sequencer = rest.run(sequencerJar, List.of("--bootstrap-servers", KAFKA.bootstrapServers(),
                "--topic-prefix", RECOVERY.prefix(), "--consumer-group", "recovery-sequencer",
                "--time-mode", "EVENT_TIME", "--source-idleness", "PT1S"), null);
        String analytics = rest.run(analyticsJar, List.of("--bootstrap-servers", KAFKA.bootstrapServers(),
                "--topic-prefix", RECOVERY.prefix(), "--consumer-group", "recovery-analytics",
                "--clickhouse-jdbc-url", CLICKHOUSE.server().jdbcUrl(), "--hash-key", "cluster-test-hash-key",
                "--source-idleness", "PT1S"), null);
        try (TopicClient kafka = new TopicClient(KAFKA.bootstrapServers());
             KafkaEventWriter writer = new KafkaEventWriter(KAFKA.bootstrapServers(), RECOVERY);
             ConsumerProgress progress = new ConsumerProgress(KAFKA.bootstrapServers())) {
            rest.awaitAllTasksRunning(sequencer, DEADLINE);
            rest.awaitAllTasksRunning(analytics, DEADLINE);
            phase("both jobs running");
            // The interval is the cluster's (execution.checkpointing.interval): the jobs ask for none.
            assertThat(checkpointInterval(sequencer)).isEqualTo(CHECKPOINT_INTERVAL);
            assertThat(checkpointInterval(analytics)).isEqualTo(CHECKPOINT_INTERVAL);
            double textsAtStart = taskManagersSum(OPERATOR + "textsDecided", ENGINE_METRICS);

            // As deploy/kubernetes/config.yaml's Job publishes them.
            PublishCommand.publish(KAFKA.bootstrapServers(), RECOVERY.sequenceDefinitions(),
                    DefinitionFiles.read(ROOT.resolve("sequences"), config.start().minus(Duration.ofHours(1))), Duration.ofSeconds(30));
            writer.write(script.stream().filter(event -> event.eventTime().isBefore(half)).iterator());
            progress.awaitConsumed("recovery-sequencer", inputTopics(RECOVERY), DEADLINE);
            Await.until(() -> !kafka.readAll(RECOVERY.outbox()).isEmpty(), DEADLINE, "the first texts committed");
            phase("the first half read");

            // The second half goes in and, while the jobs read it, the TaskManager running the engine dies.
            writer.write(script.stream().filter(event -> !event.eventTime().isBefore(half)).iterator());
            String victim = rest.taskManagersOf(sequencer, ENGINE_VERTEX).iterator().next();
            boolean analyticsHit = rest.taskManagersOf(analytics, "Attribution per customer").contains(victim);
            long sequencerCheckpoint = rest.lastCompletedCheckpoint(sequencer);
            long analyticsCheckpoint = rest.lastCompletedCheckpoint(analytics);
            long killedAt = System.nanoTime();
            cluster.kill(victim);
            double sequencerRecovery = awaitRecovered(sequencer, killedAt);
            // A job none of whose tasks ran there is not restarted at all.
            double analyticsRecovery = analyticsHit ? awaitRecovered(analytics, killedAt) : 0;
            System.out.printf("flink cluster: SIGKILL of %s; every task running again after %.1f s (sequencer, "
                            + "restored checkpoint %d, last completed before the kill %d) and %.1f s (analytics, "
                            + "restored %d, last before %d%s)%n", victim, sequencerRecovery,
                    restoredCheckpoint(sequencer), sequencerCheckpoint, analyticsRecovery,
                    restoredCheckpoint(analytics), analyticsCheckpoint, analyticsHit ? "" : ", not on it");
            assertThat(restoredCheckpoint(sequencer)).as("the checkpoint the sequencer restarted from")
                    .isGreaterThanOrEqualTo(sequencerCheckpoint).isPositive();
            if (analyticsHit) {
                assertThat(restoredCheckpoint(analytics)).as("the checkpoint analytics restarted from")
                        .isGreaterThanOrEqualTo(analyticsCheckpoint).isPositive();
            }
            cluster.startMissing();
            phase("recovered, the TaskManager back");

            // A browse by nobody moves event time past the month's end: every pending step comes due.
            kafka.send(RECOVERY.browse(), "clock", TestEvents.browse("clock", config.end().plus(Duration.ofDays(4)),
                    BrowseAction.SEARCH, null, null));
            progress.awaitConsumed("recovery-sequencer", inputTopics(RECOVERY), DEADLINE);
            // The steps the last watermark fired are committed with a later checkpoint than the offsets.
            awaitCheckpoints(sequencer, 2);
            phase("the sequencer through");
            List<SmsIntent> outbox = kafka.readAll(RECOVERY.outbox());
            List<Decision> decisions = kafka.readAll(RECOVERY.decisions());
            Set<String> intentIds = outbox.stream().map(SmsIntent::getIntentId).collect(Collectors.toSet());
            Set<String> decisionIds = decisions.stream().map(Decision::getDecisionId).collect(Collectors.toSet());
            // A transactional topic's last commit marker keeps a group's committed offset short of the end, so
            // analytics has caught up when ClickHouse has every text; two more checkpoints flush any late replay.
            Await.until(() -> count("SELECT count() FROM nudge.messages FINAL") >= intentIds.size()
                            && count("SELECT count() FROM nudge.decisions FINAL") >= decisionIds.size(),
                    DEADLINE, "analytics to write every text and decision to ClickHouse");
            progress.awaitConsumed("recovery-analytics", List.of(RECOVERY.purchases().name()), DEADLINE);
            awaitCheckpoints(analytics, 2);
            phase("analytics through");
            long uncommitted = uncommittedRecords(RECOVERY.outbox());
            Map<String, Object> purchaseFacts = CLICKHOUSE.server().queryJsonEachRow(
                    "SELECT count() AS n, sum(total_minor) AS revenue, uniqExact(event_id) AS ids "
                            + "FROM nudge.purchases FINAL").get(0);
            long messageFacts = count("SELECT count() FROM nudge.messages FINAL");
            long messageRows = count("SELECT count() FROM nudge.messages");
            long decisionFacts = count("SELECT count() FROM nudge.decisions FINAL");
            long doubleConversions = count("SELECT count() FROM (SELECT order_id, sequence_id, holdout, count() AS n "
                    + "FROM nudge.conversions FINAL GROUP BY order_id, sequence_id, holdout HAVING n > 1)");
            System.out.printf("flink cluster: %,d events (%,d purchases) through a kill; outbox %,d texts read "
                            + "committed, %,d records in the log including aborted transactions; ClickHouse "
                            + "%s purchases, %,d messages (%,d rows before FINAL), %,d decisions%n",
                    script.size(), purchases.size(), outbox.size(), uncommitted, purchaseFacts.get("n"),
                    messageFacts, messageRows, decisionFacts);

            assertThat(outbox.size()).as("texts in the outbox").isPositive();
            assertThat(outbox.size() - intentIds.size()).as("intents in the outbox more than once").isZero();
            assertThat(decisions.size() - decisionIds.size()).as("decisions on the topic more than once").isZero();
            assertThat(Long.parseLong(purchaseFacts.get("n").toString())).as("purchases in ClickHouse")
                    .isEqualTo(purchases.size());
            assertThat(Long.parseLong(purchaseFacts.get("ids").toString())).isEqualTo(purchases.size());
            assertThat(Long.parseLong(purchaseFacts.get("revenue").toString())).as("revenue in ClickHouse")
                    .isEqualTo(purchases.stream().mapToLong(PurchaseEvent::getTotalMinor).sum());
            assertThat(messageFacts).as("texts in ClickHouse").isEqualTo(intentIds.size());
            assertThat(decisionFacts).as("decisions in ClickHouse").isEqualTo(decisionIds.size());
            assertThat(doubleConversions).as("orders attributed twice to one sequence").isZero();

            // Flink's Prometheus reporter on each TaskManager: the operations dashboard's series are there and moved.
            Files.writeString(Path.of("target/cluster-scrape.txt"), scrape(1).text() + scrape(2).text());
            assertThat(textsAtStart).isZero();
            assertThat(taskManagersSum(OPERATOR + "textsDecided", ENGINE_METRICS)).as("texts decided since the kill")
                    .isPositive();
            assertThat(taskManagersSum(OPERATOR + "outcome_reason_decisions", Map.of("outcome", "SENT")))
                    .isPositive();
            assertThat(taskManagersSum(OPERATOR + "timerLatenessMs_count", ENGINE_METRICS)).isPositive();
            assertThat(taskManagersSum(OPERATOR + "batchesWritten", Map.of())).as("ClickHouse batches").isPositive();
            assertThat(taskManagersSum(OPERATOR + "failures", Map.of())).as("ClickHouse batches failed").isZero();
            assertThat(Stream.of(scrape(1), scrape(2))).anySatisfy(scrape -> assertThat(scrape.has(
                    OPERATOR + "kind_conversions")).isTrue());
            assertThat(Stream.of(scrape(1), scrape(2))).anySatisfy(scrape -> assertThat(scrape.has(
                    OPERATOR + "deadLetters")).isTrue());
            List<PrometheusScrape> cluster = List.of(scrape(0), scrape(1), scrape(2));
            assertThat(GrafanaDashboard.metricNames(ROOT.resolve("deploy/grafana/nudge-operations.json"), "flink_"))
                    .allSatisfy(name -> assertThat(cluster).as(name).anyMatch(scrape -> scrape.has(name)));
        } finally {
            rest.cancel(sequencer);
            rest.cancel(analytics);
        }
    }

    @Test
    void customersStateAndPendingTimersSurviveAnUpgradeThroughASavepoint() throws Exception {
        int customers = 20;
        ZoneId newYork = ZoneId.of("America/New_York");
        Instant sunday = Instant.parse("2026-03-01T12:00:00Z");
        List<String> v1 = List.of("--bootstrap-servers", KAFKA.bootstrapServers(), "--topic-prefix", UPGRADE.prefix(),
                "--consumer-group", "upgrade-sequencer", "--time-mode", "EVENT_TIME", "--source-idleness", "PT1S");
        // The new version: another upload of the job jar, run with a setting v1 did not have.
        List<String> v2 = Stream.concat(v1.stream(), Stream.of("--tracked-link-base", "https://v2.example/l")).toList();
        try (TopicClient kafka = new TopicClient(KAFKA.bootstrapServers())) {
            String first = rest.run(sequencerJar, v1, null);
            rest.awaitAllTasksRunning(first, DEADLINE);
            kafka.send(UPGRADE.catalog(), "coffee-beans", TestEvents.item("coffee-beans", "coffee", 1800, 1000, sunday,
                    List.of("pour-over-kit"), List.of("bean-canister"), 30));
            kafka.send(UPGRADE.catalog(), "pour-over-kit",
                    TestEvents.item("pour-over-kit", "gear", 2400, 1000, sunday, List.of(), List.of(), null));
            kafka.send(UPGRADE.catalog(), "bean-canister",
                    TestEvents.item("bean-canister", "gear", 1500, 1000, sunday, List.of(), List.of(), null));
            kafka.send(UPGRADE.sequenceDefinitions(), "coffee-followup",
                    TestEvents.definitionFromText(TestDefinitions.coffeeCheckout(1, "P2D"), sunday));
            for (int i = 0; i < customers; i++) {
                String id = "customer-" + i;
                kafka.send(UPGRADE.customers(), id, TestEvents.signUp(id, sunday, "+1212555%04d".formatted(i),
                        newYork.getId(), "Cust" + i));
                kafka.send(UPGRADE.customers(), id, TestEvents.consent(id, sunday.plusSeconds(1), true));
            }
            kafka.awaitConsumed("upgrade-sequencer", UPGRADE.customers().name());
            // Monday 10:00: every customer buys coffee. Step 1 is due Wednesday 10:00, step 2 Saturday 10:00.
            for (int i = 0; i < customers; i++) {
                kafka.send(UPGRADE.purchases(), "customer-" + i, TestEvents.purchase("customer-" + i,
                        local(newYork, 2, 10), "order-" + i, "coffee-beans", "coffee", 1800));
            }
            kafka.awaitConsumed("upgrade-sequencer", UPGRADE.purchases().name());
            tick(kafka, local(newYork, 5, 12));
            List<SmsIntent> before = kafka.readUntil(UPGRADE.outbox(), texts -> texts.size() >= customers,
                    "the first step's texts");
            phase("the first step's texts out");

            Path savepoints = cluster.directory().resolve("upgrade-savepoints");
            long stopping = System.nanoTime();
            String savepoint = rest.stopWithSavepoint(first, savepoints, DEADLINE);
            double stopSeconds = (System.nanoTime() - stopping) / 1e9;
            String secondJar = rest.uploadJar(ClusterJobs.jobJar(ROOT, "sequencer"));
            long restoring = System.nanoTime();
            String second = rest.run(secondJar, v2, savepoint);
            rest.awaitAllTasksRunning(second, DEADLINE);
            double restoreSeconds = (System.nanoTime() - restoring) / 1e9;
            JsonNode restored = rest.checkpoints(second).path("latest").path("restored");
            assertThat(restored.path("is_savepoint").asBoolean()).as("restored from a savepoint: %s", restored).isTrue();
            assertThat(restored.path("external_path").asText()).isEqualTo(savepoint);

            try {
                // Saturday has passed: only the timers set before the upgrade can send step 2.
                tick(kafka, local(newYork, 8, 12));
                kafka.readUntil(UPGRADE.outbox(), texts -> texts.size() >= 2 * customers, "the second step's texts");
                phase("the second step's texts out");
                kafka.awaitConsumed("upgrade-sequencer", UPGRADE.browse().name());
                awaitCheckpoints(second, 2);
                List<SmsIntent> all = kafka.readAll(UPGRADE.outbox());
                List<SmsIntent> after = all.stream().filter(text -> !before.contains(text)).toList();
                System.out.printf("flink cluster: stop with savepoint %.1f s, restore of the new deployment until "
                                + "every task ran %.1f s; %d texts before the upgrade, %d after%n",
                        stopSeconds, restoreSeconds, before.size(), after.size());

                assertThat(before).hasSize(customers).allSatisfy(text -> assertThat(text.getBody())
                        .doesNotContain("v2.example"));
                assertThat(all).extracting(SmsIntent::getIntentId).doesNotHaveDuplicates();
                assertThat(after).as("texts due after the upgrade").hasSize(customers)
                        .extracting(SmsIntent::getCustomerId).doesNotHaveDuplicates();
                assertThat(after).allSatisfy(text -> {
                    String name = "Cust" + text.getCustomerId().substring("customer-".length());
                    assertThat(text.getCreatedAt()).isEqualTo(local(newYork, 7, 10));
                    // The first name comes from the sign-up, which only the restored state still has.
                    assertThat(text.getBody()).startsWith("One more idea, " + name + ":")
                            .contains("https://v2.example/l/");
                });
            } finally {
                rest.cancel(second);
            }
        }
    }

    private static final long STARTED = System.nanoTime();

    /** Progress in the test's output, so a slow step shows in CI logs. */
    private static void phase(String what) {
        System.out.printf("flink cluster: %6.1f s %s%n", (System.nanoTime() - STARTED) / 1e9, what);
    }

    /** Waits until every task of the job runs again after restoring a checkpoint; returns the seconds taken. */
    private static PrometheusScrape scrape(int taskManager) {
        return PrometheusScrape.of(cluster.metricsUrl(taskManager));
    }

    /** A metric summed over both TaskManagers, as a dashboard's {@code sum(...)} does. */
    private static double taskManagersSum(String metric, Map<String, String> labels) {
        return scrape(1).sum(metric, labels) + scrape(2).sum(metric, labels);
    }

    private static double awaitRecovered(String jobId, long killedAtNanos) {
        Await.until(() -> restoredCheckpoint(jobId) > 0 && rest.allTasksRunning(jobId), DEADLINE,
                "job " + jobId + " running again from a checkpoint");
        return (System.nanoTime() - killedAtNanos) / 1e9;
    }

    private static long restoredCheckpoint(String jobId) {
        return rest.checkpoints(jobId).path("latest").path("restored").path("id").asLong(0);
    }

    private static void awaitCheckpoints(String jobId, int more) {
        long target = rest.lastCompletedCheckpoint(jobId) + more;
        Await.until(() -> rest.lastCompletedCheckpoint(jobId) >= target, DEADLINE,
                more + " more checkpoints of job " + jobId);
    }

    private static Duration checkpointInterval(String jobId) {
        return Duration.ofMillis(rest.checkpointConfig(jobId).path("interval").asLong());
    }

    private static List<String> inputTopics(Topics topics) {
        return Stream.of(topics.sequenceDefinitions(), topics.catalog(), topics.customers(), topics.purchases(),
                topics.browse()).map(Topic::name).toList();
    }

    /** Every record in the topic's log, committed, aborted, and the transaction markers' neighbours alike. */
    private static long uncommittedRecords(Topic<?> topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long records = 0;
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                records += consumer.poll(Duration.ofMillis(200)).count();
            }
            return records;
        }
    }

    private static long count(String sql) {
        return Long.parseLong(CLICKHOUSE.server().query(sql).trim());
    }

    private static void tick(TopicClient kafka, Instant at) {
        kafka.send(UPGRADE.browse(), "clock", TestEvents.browse("clock", at, BrowseAction.SEARCH, null, null));
    }

    /** A local hour in March 2026. */
    private static Instant local(ZoneId zone, int day, int hour) {
        return ZonedDateTime.of(2026, 3, day, hour, 0, 0, 0, zone).toInstant();
    }
}
