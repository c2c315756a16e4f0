package dev.nudge.sequencer;

import dev.nudge.devstack.kafka.KafkaExtension;
import dev.nudge.devstack.metrics.GrafanaDashboard;
import dev.nudge.devstack.metrics.PrometheusScrape;
import dev.nudge.events.BrowseAction;
import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.DeadLetter;
import dev.nudge.events.Decision;
import dev.nudge.events.DecisionOutcome;
import dev.nudge.events.SmsIntent;
import dev.nudge.platform.topics.Topic;
import dev.nudge.platform.topics.Topics;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static dev.nudge.sequencer.TestEvents.browse;
import static dev.nudge.sequencer.TestEvents.consent;
import static dev.nudge.sequencer.TestEvents.definitionFromText;
import static dev.nudge.sequencer.TestEvents.item;
import static dev.nudge.sequencer.TestEvents.purchase;
import static dev.nudge.sequencer.TestEvents.seasonal;
import static dev.nudge.sequencer.TestEvents.signUp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Three poisons in the real job on a real broker, with restarts switched off so that any failure would end the job:
 * a definition version that moves Anna's run onto steps it cannot schedule (her wake-up fails every time), a catalog
 * update with a bad season date, and an engine failure injected on Zoe's order. The job keeps running, every
 * failure is a dead letter with its origin, Anna is quarantined with a decision, and Ben's texts are the ones the
 * script says. The cluster runs Flink's Prometheus reporter: its scrape shows the operations dashboard's series
 * moving with the script.
 */
class PoisonCustomerITCase {

    private static final Topics TOPICS = Topics.standard();
    private static final String GROUP = "poison-it";
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension()
            .withTopics(TOPICS.all().stream().map(Topic::toNewTopic).toList());

    @RegisterExtension
    static final MiniClusterExtension FLINK = SequencerOnKafka.miniCluster(withPrometheusReporter());

    private static final String OPERATOR = "flink_taskmanager_job_task_operator_";
    private static final Path DASHBOARD = Path.of(System.getProperty("nudge.root"), "deploy/grafana/nudge-operations.json");

    /** Where Flink's Prometheus reporter serves the job's metrics. */
    private static int prometheusPort;

    private static TopicClient io;
    private static JobClient job;

    @BeforeAll
    static void startJob(@InjectMiniCluster MiniCluster cluster) throws Exception {
        io = new TopicClient(KAFKA.bootstrapServers());
        SequencerSettings settings = SequencerOnKafka.settings(KAFKA.bootstrapServers(), GROUP);
        // On the extension's cluster itself: getExecutionEnvironment() before the first test would start another one.
        StreamExecutionEnvironment env = new TestStreamEnvironment(cluster, 2);
        KafkaIo kafka = new KafkaIo(settings);
        SequencerJob.build(env, kafka.sources(), kafka.sinks(), settings,
                new FailingOrderSequencer(settings.engine(), settings.timeMode(), settings.sourceIdleness()));
        job = env.executeAsync("poison-it");
    }

    @AfterAll
    static void stopJob() throws Exception {
        if (job != null) {
            job.cancel().get();
        }
        io.close();
    }

    @Test
    void poisonedCustomersAndRecordsGoToTheDeadLettersWhileTheJobAndEveryoneElseCarryOn() throws Exception {
        Instant sunday = local(1, 7, 0);
        for (CatalogUpdate update : List.of(
                item("coffee-beans", "coffee", 1800, 100, sunday, List.of("pour-over-kit"), List.of("bean-canister"), 30),
                item("pour-over-kit", "gear", 2400, 10, sunday, List.of(), List.of(), null),
                item("bean-canister", "gear", 1500, 10, sunday, List.of(), List.of(), null))) {
            io.send(TOPICS.catalog(), update.getSku(), update);
        }
        io.send(TOPICS.sequenceDefinitions(), "coffee-followup",
                definitionFromText(TestDefinitions.coffeeCheckout(1, "P2D"), sunday));
        awaitDecision(d -> d.getOutcome() == DecisionOutcome.DEFINITION_ACCEPTED && d.getSequenceVersion() == 1);
        List<String> customers = List.of("anna", "ben", "zoe");
        for (String customer : customers) {
            io.send(TOPICS.customers(), customer, signUp(customer, sunday, "+1212555010" + customers.indexOf(customer),
                    "America/New_York", Character.toUpperCase(customer.charAt(0)) + customer.substring(1)));
            io.send(TOPICS.customers(), customer, consent(customer, sunday.plusSeconds(1), true));
        }
        io.awaitConsumed(GROUP, TOPICS.customers().name());

        // Ben's run starts a day before Anna's; Zoe's order makes the engine fail half-way.
        io.send(TOPICS.purchases(), "ben", purchase("ben", local(1, 10, 0), "o-ben", "coffee-beans", "coffee", 1800));
        io.send(TOPICS.purchases(), "anna", purchase("anna", local(2, 10, 0), "o-anna", "coffee-beans", "coffee", 1800));
        io.send(TOPICS.purchases(), "zoe",
                purchase("zoe", local(2, 10, 0), FailingOrderSequencer.ORDER, "coffee-beans", "coffee", 1800));
        io.awaitConsumed(GROUP, TOPICS.purchases().name());
        tick(local(3, 13, 0));
        awaitTexts(texts -> texts.size() == 1);
        PrometheusScrape before = scrape();

        // Tuesday afternoon: version 2 moves runs onto a refill step, and a catalog update has a bad season date.
        Instant tuesday = local(3, 13, 0);
        io.send(TOPICS.sequenceDefinitions(), "coffee-followup",
                definitionFromText(TestDefinitions.coffeeTurnedRefill(2), tuesday));
        awaitDecision(d -> d.getOutcome() == DecisionOutcome.DEFINITION_ACCEPTED && d.getSequenceVersion() == 2);
        io.send(TOPICS.catalog(), "bean-canister", seasonal(
                item("bean-canister", "gear", 100, 10, tuesday, List.of(), List.of(), null), "13-45", "02-30", tuesday));
        awaitDeadLetters(letters -> letters.stream().anyMatch(l -> l.getSourceTopic().equals(TOPICS.catalog().name())));

        // Wednesday: Anna's step is due, fails three times an hour apart, and she is quarantined.
        tick(local(4, 13, 0));
        awaitDecision(d -> d.getCustomerId().equals("anna") && d.getReason().equals(CustomerGuard.QUARANTINED));
        tick(local(7, 12, 0));
        List<SmsIntent> texts = awaitTexts(all -> all.size() >= 2);

        assertThat(texts).extracting(SmsIntent::getCustomerId, SmsIntent::getCreatedAt, SmsIntent::getSequenceVersion,
                        SmsIntent::getOfferSku, SmsIntent::getOfferPriceMinor)
                .containsExactly(
                        tuple("ben", local(3, 10, 0), 1, "pour-over-kit", 2400L),
                        tuple("ben", local(6, 10, 0), 2, "bean-canister", 1500L));
        List<DeadLetter> letters = awaitDeadLetters(all -> all.size() >= 5);
        assertThat(letters).filteredOn(l -> l.getSourceTopic().equals(CustomerGuard.WAKE_UP_ORIGIN))
                .hasSize(CustomerGuard.MAX_FAILED_WAKE_UPS)
                .allSatisfy(letter -> {
                    assertThat(StandardCharsets.UTF_8.decode(letter.getKey()).toString()).isEqualTo("demo-roasters/anna");
                    assertThat(letter.getError()).contains("beforeRunOut");
                })
                .extracting(DeadLetter::getOffset).containsExactly(local(4, 10, 0).toEpochMilli(),
                        local(4, 11, 0).toEpochMilli(), local(4, 12, 0).toEpochMilli());
        assertThat(letters).filteredOn(l -> l.getSourceTopic().equals(TOPICS.purchases().name()))
                .singleElement().satisfies(letter -> {
                    assertThat(letter.getError()).contains("injected");
                    assertThat(letter.getOffset()).isNotNegative();
                    assertThat(TOPICS.purchases().codec().decode(bytes(letter)).getCustomerId()).isEqualTo("zoe");
                });
        assertThat(letters).filteredOn(l -> l.getSourceTopic().equals(TOPICS.catalog().name()))
                .singleElement().satisfies(letter -> assertThat(letter.getError()).contains("13-45"));
        assertThat(letters).hasSize(5);
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);

        // The operations dashboard's series: they exist, and they moved with what the script did.
        PrometheusScrape after = scrape();
        Files.writeString(Path.of("target/sequencer-scrape.txt"), after.text());
        assertThat(operator(before, "textsDecided")).isEqualTo(1);
        assertThat(operator(after, "textsDecided")).isEqualTo(2);
        assertThat(decisions(before, "SENT", "STEP_DUE")).isEqualTo(1);
        assertThat(decisions(after, "SENT", "STEP_DUE")).isEqualTo(2);
        assertThat(decisions(before, "EXITED", CustomerGuard.QUARANTINED)).isZero();
        assertThat(decisions(after, "EXITED", CustomerGuard.QUARANTINED)).isEqualTo(1);
        assertThat(operator(before, "deadLetters")).isEqualTo(1);
        assertThat(operator(after, "deadLetters")).isEqualTo(5);
        assertThat(operator(after, "recordsFailed")).isEqualTo(2);
        assertThat(operator(after, "wakeUpsFailed")).isEqualTo(CustomerGuard.MAX_FAILED_WAKE_UPS);
        assertThat(operator(after, "customersQuarantined")).isEqualTo(1);
        assertThat(operator(after, "timerLatenessMs_count")).isGreaterThan(operator(before, "timerLatenessMs_count"));
        assertThat(operator(after, "decisionLatencyMs_count")).isGreaterThan(operator(before, "decisionLatencyMs_count"));
        assertThat(after.samples(OPERATOR + "timerLatenessMs", Map.of("quantile", "0.99"))).isNotEmpty();
        // Every Flink series the operations dashboard queries, but the analytics job's (FlinkClusterITCase has them).
        Set<String> analytics = Set.of("kind_conversions", "batchesWritten", "retries", "failures", "rowsWritten");
        assertThat(GrafanaDashboard.metricNames(DASHBOARD, "flink_"))
                .filteredOn(name -> analytics.stream().noneMatch(name::endsWith)).isNotEmpty()
                .allSatisfy(name -> assertThat(after.has(name)).as(name).isTrue());
    }

    /** Moves event time on: a browse by a customer who takes part in nothing. */
    private static void tick(Instant at) {
        io.send(TOPICS.browse(), "clock", browse("clock", at, BrowseAction.SEARCH, null, null));
    }

    private static List<SmsIntent> awaitTexts(Predicate<List<SmsIntent>> condition) {
        return io.readUntil(TOPICS.outbox(), condition, "texts");
    }

    private static List<DeadLetter> awaitDeadLetters(Predicate<List<DeadLetter>> condition) {
        return io.readUntil(TOPICS.deadLetters(), condition, "dead letters");
    }

    private static List<Decision> awaitDecision(Predicate<Decision> wanted) {
        return io.readUntil(TOPICS.decisions(), all -> all.stream().anyMatch(wanted), "a decision");
    }

    private static byte[] bytes(DeadLetter letter) {
        byte[] bytes = new byte[letter.getValue().remaining()];
        letter.getValue().duplicate().get(bytes);
        return bytes;
    }

    /** A local time in New York in March 2026. */
    private static Instant local(int day, int hour, int minute) {
        return ZonedDateTime.of(2026, 3, day, hour, minute, 0, 0, NEW_YORK).toInstant();
    }

    /** No restarts, and the reporter a cluster is given (deploy/flink-cluster.sh, the FlinkDeployments). */
    private static Configuration withPrometheusReporter() {
        Configuration configuration = new Configuration();
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        prometheusPort = freePort();
        configuration.setString("metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        configuration.setString("metrics.reporter.prom.port", String.valueOf(prometheusPort));
        return configuration;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sequencer metric summed over its parallel instances. */
    private static double operator(PrometheusScrape scrape, String metric) {
        return scrape.sum(OPERATOR + metric, Map.of("operator_name", "Sequence_engine_per_customer"));
    }

    private static double decisions(PrometheusScrape scrape, String outcome, String reason) {
        return scrape.sum(OPERATOR + "outcome_reason_decisions", Map.of("outcome", outcome, "reason", reason));
    }

    private static PrometheusScrape scrape() {
        return PrometheusScrape.of(URI.create("http://127.0.0.1:" + prometheusPort + "/metrics"));
    }
}
