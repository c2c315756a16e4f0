package dev.nudge.sequencer;

import dev.nudge.devstack.kafka.KafkaExtension;
import dev.nudge.events.DeadLetter;
import dev.nudge.events.Decision;
import dev.nudge.events.DecisionOutcome;
import dev.nudge.events.SmsIntent;
import dev.nudge.platform.topics.Topic;
import dev.nudge.platform.topics.Topics;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.nudge.sequencer.TestEvents.definitionFromText;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A retailer's JSON pipeline feeding the sequencer: every event below is produced by {@code kcat}, a Kafka client
 * that is not ours (librdkafka; {@code deploy/install-deps.sh} installs it), in the shapes of {@code docs/events.md}.
 * The text the sequencer decides, and the dead letters of the malformed records, are what the script makes them.
 */
class JsonIngestionITCase {

    private static final Topics TOPICS = Topics.standard();
    private static final String GROUP = "json-ingestion-it";
    private static final Instant SUNDAY = Instant.parse("2026-03-01T12:00:00Z");

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension()
            .withTopics(TOPICS.all().stream().map(Topic::toNewTopic).toList());

    @RegisterExtension
    static final MiniClusterExtension FLINK = SequencerOnKafka.miniCluster(SequencerOnKafka.noRestarts());

    private static TopicClient io;
    private static JobClient job;

    @BeforeAll
    static void startJob() throws Exception {
        io = new TopicClient(KAFKA.bootstrapServers());
        SequencerSettings settings = SequencerOnKafka.settings(KAFKA.bootstrapServers(), GROUP);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        KafkaIo kafka = new KafkaIo(settings);
        SequencerJob.build(env, kafka.sources(), kafka.sinks(), settings);
        job = env.executeAsync("json-ingestion-it");
    }

    @AfterAll
    static void stopJob() throws Exception {
        if (job != null) {
            job.cancel().get();
        }
        io.close();
    }

    @Test
    void eventsProducedAsJsonByAForeignClientDecideTexts() throws Exception {
        // The definition comes from `./nudge publish`, not from a producer.
        io.send(TOPICS.sequenceDefinitions(), "coffee-followup",
                definitionFromText(TestDefinitions.coffeeCheckout(1, "P2D"), SUNDAY));
        io.readUntil(TOPICS.decisions(), all -> all.stream().anyMatch(d ->
                d.getOutcome() == DecisionOutcome.DEFINITION_ACCEPTED), "the definition accepted");

        kcat(TOPICS.catalog().name(),
                "coffee-beans|" + item("coffee-beans", "coffee", "[\"pour-over-kit\"]"),
                "pour-over-kit|" + item("pour-over-kit", "equipment", "[]"));
        kcat(TOPICS.customers().name(),
                "ana|{\"eventId\": \"signup-ana\", \"tenant\": {\"brandId\": \"demo-roasters\"}, \"customerId\": \"ana\","
                        + " \"eventTime\": \"2026-03-01T12:00:00Z\", \"type\": \"SIGN_UP\", \"phoneE164\": \"+12125550100\","
                        + " \"timeZone\": \"America/New_York\", \"locale\": \"en-US\", \"firstName\": \"Ana\"}",
                "ana|{\"eventId\": \"consent-ana\", \"tenant\": {\"brandId\": \"demo-roasters\"}, \"customerId\": \"ana\","
                        + " \"eventTime\": 1772366401000, \"type\": \"CONSENT_GRANTED\","
                        + " \"consent\": {\"source\": \"checkout_form\", \"changedAt\": \"2026-03-01T12:00:01Z\"}}",
                // Malformed: a misspelt field, a missing required field, not JSON at all.
                "bo|{\"eventId\": \"signup-bo\", \"tenant\": {\"brandId\": \"demo-roasters\"}, \"customerId\": \"bo\","
                        + " \"eventTime\": \"2026-03-01T12:00:00Z\", \"type\": \"SIGN_UP\", \"phone\": \"+12125550101\"}",
                "cy|{\"eventId\": \"signup-cy\", \"tenant\": {\"brandId\": \"demo-roasters\"}, \"customerId\": \"cy\","
                        + " \"type\": \"SIGN_UP\"}",
                "dee|{\"eventId\": \"signup-dee\", \"tenant\": ");
        io.awaitConsumed(GROUP, TOPICS.catalog().name());
        io.awaitConsumed(GROUP, TOPICS.customers().name());
        kcat(TOPICS.purchases().name(),
                "ana|{\"eventId\": \"order-1001\", \"tenant\": {\"brandId\": \"demo-roasters\", \"locationId\": \"web\"},"
                        + " \"customerId\": \"ana\", \"eventTime\": \"2026-03-02T15:00:00Z\", \"orderId\": \"1001\","
                        + " \"lines\": [{\"sku\": \"coffee-beans\", \"name\": \"House beans\", \"category\": \"coffee\","
                        + " \"quantity\": 1, \"unitPriceMinor\": 1800, \"currency\": \"USD\"}],"
                        + " \"totalMinor\": 1800, \"currency\": \"USD\", \"channel\": \"ONLINE\"}");
        io.awaitConsumed(GROUP, TOPICS.purchases().name());
        // Event time moves on with a browse by someone who takes part in nothing.
        kcat(TOPICS.browse().name(), "clock|{\"eventId\": \"tick\", \"tenant\": {\"brandId\": \"demo-roasters\"},"
                + " \"customerId\": \"clock\", \"eventTime\": \"2026-03-05T18:00:00Z\", \"action\": \"SEARCH\"}");

        // The script: Ana bought coffee on Monday 10:00 in New York; two days later, 10:00, the complement.
        List<SmsIntent> texts = io.readUntil(TOPICS.outbox(), all -> !all.isEmpty(), "a text");
        assertThat(texts).singleElement().satisfies(text -> {
            assertThat(text.getCustomerId()).isEqualTo("ana");
            assertThat(text.getToPhone()).isEqualTo("+12125550100");
            assertThat(text.getCreatedAt()).isEqualTo(Instant.parse("2026-03-04T15:00:00Z"));
            assertThat(text.getBody()).startsWith("Hi Ana, many customers brew it with pour over kit ($24.00)");
        });
        List<DeadLetter> letters = io.readUntil(TOPICS.deadLetters(), all -> all.size() >= 3, "three dead letters");
        assertThat(letters).allSatisfy(letter -> {
            assertThat(letter.getSourceTopic()).isEqualTo(TOPICS.customers().name());
            assertThat(letter.getOffset()).isNotNegative();
        });
        assertThat(letters).extracting(letter -> StandardCharsets.UTF_8.decode(letter.getKey()).toString())
                .containsExactlyInAnyOrder("bo", "cy", "dee");
        assertThat(letters).extracting(DeadLetter::getError).anySatisfy(error ->
                        assertThat(error).contains("phone: no such field in CustomerEvent"))
                .anySatisfy(error -> assertThat(error).contains("eventTime: required, but missing"))
                .anySatisfy(error -> assertThat(error).contains("not valid JSON"));
        List<Decision> decisions = io.readAll(TOPICS.decisions());
        assertThat(decisions).noneMatch(d -> List.of("bo", "cy", "dee").contains(d.getCustomerId()));
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
    }

    private static String item(String sku, String category, String complements) {
        return ("{\"eventId\": \"cat-%s\", \"tenant\": {\"brandId\": \"demo-roasters\"}, \"eventTime\": \"2026-03-01T00:00:00Z\","
                + " \"sku\": \"%s\", \"name\": \"%s\", \"category\": \"%s\", \"priceMinor\": %d, \"currency\": \"USD\","
                + " \"stock\": 50, \"active\": true, \"url\": \"https://shop.example/p/%s\", \"complements\": %s}")
                .formatted(sku, sku, sku.replace('-', ' '), category, sku.equals("coffee-beans") ? 1800 : 2400, sku,
                        complements);
    }

    /** Produces {@code key|value} lines with kcat, as a retailer's shell script would. */
    private static void kcat(String topic, String... lines) throws IOException, InterruptedException {
        Path input = Files.createTempFile("kcat", ".jsonl");
        Files.write(input, List.of(lines), StandardCharsets.UTF_8);
        Path log = Files.createTempFile("kcat", ".log");
        Process kcat;
        try {
            kcat = new ProcessBuilder("kcat", "-P", "-b", KAFKA.bootstrapServers(), "-t", topic, "-K", "|",
                    "-X", "enable.idempotence=true", "-l", input.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("kcat is not installed: run deploy/install-deps.sh (Debian package kcat)", e);
        }
        assertThat(kcat.waitFor(60, TimeUnit.SECONDS)).as("kcat finished").isTrue();
        assertThat(kcat.exitValue()).as("kcat's exit code; its output: " + Files.readString(log)).isZero();
    }
}
