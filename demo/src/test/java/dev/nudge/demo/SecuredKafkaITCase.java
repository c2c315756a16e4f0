package dev.nudge.demo;

import dev.nudge.devstack.Await;
import dev.nudge.devstack.ChildJvm;
import dev.nudge.devstack.kafka.EmbeddedKafka;
import dev.nudge.devstack.twilio.FakeMessage;
import dev.nudge.devstack.twilio.TwilioFake;
import dev.nudge.dispatcher.CrashingDispatcherMain;
import dev.nudge.dispatcher.SendLedgerTopic;
import dev.nudge.platform.kafka.KafkaClientProperties;
import dev.nudge.platform.topics.Topic;
import dev.nudge.platform.topics.Topics;
import dev.nudge.sequencer.TestDefinitions;
import dev.nudge.sequencer.TopicClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.nudge.sequencer.TestEvents.definitionFromText;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nudge on a Kafka that wants SASL: the sequencer (a Flink job in its own JVM) and the dispatcher (its own JVM) get the
 * broker's SASL listener and nothing but {@code NUDGE_KAFKA_PROPERTIES}, a client properties file, as a deployment
 * would give them; the events come from kcat logging in the same way. A text reaching the Twilio-compatible server
 * proves every client on the path logged in; a client without credentials is refused there.
 */
class SecuredKafkaITCase {

    private static final String USER = "nudge";
    private static final String PASSWORD = "kafka-secret-of-the-test";
    private static final Topics TOPICS = Topics.standard();
    private static final String SENDER = "+15005550006";
    private static final String SEQUENCER_GROUP = "secured-sequencer";
    /** Ana's text is due then (two days after her checkout, 10:00 in New York); the dispatcher's clock says so. */
    private static final Instant DISPATCH_AT = Instant.parse("2026-03-04T15:00:30Z");
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopProcesses() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void everyComponentLogsInWithTheClientPropertiesItIsGiven() throws Exception {
        Duration clockOffset = Duration.between(Instant.now(), DISPATCH_AT);
        try (EmbeddedKafka kafka = EmbeddedKafka.startWithSaslPlain(USER, PASSWORD);
             TwilioFake twilio = TwilioFake.start(TwilioFake.DEV_ACCOUNT_SID, TwilioFake.DEV_AUTH_TOKEN)
                     .statusCallbacks(false).clock(Clock.offset(Clock.systemUTC(), clockOffset))) {
            // The set-up is the operator's, with admin rights, on the plain listener: the components need none.
            kafka.createTopics(Stream.concat(TOPICS.all().stream(), Stream.of(SendLedgerTopic.of(TOPICS)))
                    .map(Topic::toNewTopic).toList());
            try (TopicClient operator = new TopicClient(kafka.bootstrapServers())) {
                operator.send(TOPICS.sequenceDefinitions(), "coffee-followup", definitionFromText(
                        TestDefinitions.coffeeCheckout(1, "P2D"), Instant.parse("2026-03-01T00:00:00Z")));
            }
            String secured = kafka.saslBootstrapServers();
            // Topics are read independently, in event time: each step lands before the next depends on it.
            TopicClient progress = new TopicClient(kafka.bootstrapServers());
            Path clientProperties = work.resolve("client.properties");
            Files.writeString(clientProperties, """
                    security.protocol=SASL_PLAINTEXT
                    sasl.mechanism=PLAIN
                    sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="%s" password="%s";
                    """.formatted(USER, PASSWORD));
            Map<String, String> secrets = Map.of(KafkaClientProperties.FILE_VARIABLE, clientProperties.toString());

            Path sequencerLog = work.resolve("sequencer.log");
            Process sequencer = started(ChildJvm.start(SequencerProcessMain.class, List.of("-Xmx512m"),
                    List.of(secured, TOPICS.prefix(), SEQUENCER_GROUP, work.resolve("flink").toString(), "P1D"),
                    secrets, sequencerLog));
            Map<String, String> dispatcherEnv = CrashingDispatcherMain.environment(secured, TOPICS.prefix(), twilio, SENDER);
            dispatcherEnv.putAll(secrets);
            dispatcherEnv.put(CrashingDispatcherMain.CLOCK_OFFSET_ENV, String.valueOf(clockOffset.toMillis()));
            dispatcherEnv.put("NUDGE_WEBHOOK_BASE", "http://127.0.0.1:9");
            Path dispatcherLog = work.resolve("dispatcher.log");
            Process dispatcher = started(CrashingDispatcherMain.launch(dispatcherEnv, dispatcherLog));
            Await.until(() -> ChildJvm.logContains(sequencerLog, SequencerProcessMain.RUNNING) || !sequencer.isAlive(),
                    DEADLINE, "the sequencer to run");
            Await.until(() -> ChildJvm.logContains(dispatcherLog, CrashingDispatcherMain.READY) || !dispatcher.isAlive(),
                    DEADLINE, "the dispatcher to start");
            assertThat(sequencer.isAlive()).as("the sequencer is up, see %s", sequencerLog).isTrue();
            assertThat(dispatcher.isAlive()).as("the dispatcher is up, see %s", dispatcherLog).isTrue();

            List<String> login = List.of("-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=PLAIN",
                    "-X", "sasl.username=" + USER, "-X", "sasl.password=" + PASSWORD);
            assertThat(kcat(secured, TOPICS.customers().name(), login,
                    "ana|{\"eventId\": \"signup-ana\", \"tenant\": {\"brandId\": \"demo-roasters\"}, \"customerId\": \"ana\","
                            + " \"eventTime\": \"2026-03-01T12:00:00Z\", \"type\": \"SIGN_UP\", \"phoneE164\": \"+12125550100\","
                            + " \"timeZone\": \"America/New_York\", \"firstName\": \"Ana\"}",
                    "ana|{\"eventId\": \"consent-ana\", \"tenant\": {\"brandId\": \"demo-roasters\"}, \"customerId\": \"ana\","
                            + " \"eventTime\": \"2026-03-01T12:00:01Z\", \"type\": \"CONSENT_GRANTED\","
                            + " \"consent\": {\"source\": \"checkout_form\", \"changedAt\": \"2026-03-01T12:00:01Z\"}}"))
                    .as("kcat with the credentials").isZero();
            progress.awaitConsumed(SEQUENCER_GROUP, TOPICS.customers().name());
            assertThat(kcat(secured, TOPICS.catalog().name(), login,
                    "coffee-beans|" + item("coffee-beans", "coffee", "[\"pour-over-kit\"]"),
                    "pour-over-kit|" + item("pour-over-kit", "equipment", "[]"))).isZero();
            progress.awaitConsumed(SEQUENCER_GROUP, TOPICS.catalog().name());
            assertThat(kcat(secured, TOPICS.purchases().name(), login,
                    "ana|{\"eventId\": \"order-1001\", \"tenant\": {\"brandId\": \"demo-roasters\"}, \"customerId\": \"ana\","
                            + " \"eventTime\": \"2026-03-02T15:00:00Z\", \"orderId\": \"1001\", \"lines\": [{\"sku\":"
                            + " \"coffee-beans\", \"name\": \"House beans\", \"category\": \"coffee\", \"quantity\": 1,"
                            + " \"unitPriceMinor\": 1800, \"currency\": \"USD\"}], \"totalMinor\": 1800, \"currency\": \"USD\","
                            + " \"channel\": \"ONLINE\"}"))
                    .isZero();
            progress.awaitConsumed(SEQUENCER_GROUP, TOPICS.purchases().name());
            progress.close();
            // Event time moves past the step's due time with a browse by someone who takes part in nothing.
            assertThat(kcat(secured, TOPICS.browse().name(), login,
                    "clock|{\"eventId\": \"tick\", \"tenant\": {\"brandId\": \"demo-roasters\"}, \"customerId\": \"clock\","
                            + " \"eventTime\": \"2026-03-06T18:00:00Z\", \"action\": \"SEARCH\"}")).isZero();

            try {
                Await.until(() -> !twilio.messages().isEmpty() || !sequencer.isAlive() || !dispatcher.isAlive(),
                        DEADLINE, "Ana's text at Twilio");
            } catch (AssertionError timedOut) {
                // The assertion below fails then, saying what the outbox, decisions and dead letters hold.
            }
            try (TopicClient operator = new TopicClient(kafka.bootstrapServers())) {
                assertThat(twilio.messages()).as("texts at Twilio; the outbox: %s; decisions: %s; dead letters: %s; logs in %s",
                                operator.readAll(TOPICS.outbox()), operator.readAll(TOPICS.decisions()).stream()
                                        .map(d -> d.getCustomerId() + ":" + d.getOutcome() + ":" + d.getReason()).toList(),
                                operator.readAll(TOPICS.deadLetters()).stream().map(l -> l.getError()).toList(), work)
                        .singleElement().extracting(FakeMessage::to).isEqualTo("+12125550100");
            }
            assertThat(kcat(secured, TOPICS.browse().name(), List.of("-X", "message.timeout.ms=5000"),
                    "clock|{\"eventId\": \"anonymous\"}")).as("kcat without credentials").isNotZero();
        }
    }

    private static String item(String sku, String category, String complements) {
        return ("{\"eventId\": \"cat-%s\", \"tenant\": {\"brandId\": \"demo-roasters\"}, \"eventTime\": \"2026-03-01T00:00:00Z\","
                + " \"sku\": \"%s\", \"name\": \"%s\", \"category\": \"%s\", \"priceMinor\": 1800, \"currency\": \"USD\","
                + " \"stock\": 50, \"active\": true, \"url\": \"https://shop.example/p/%s\", \"complements\": %s}")
                .formatted(sku, sku, sku.replace('-', ' '), category, sku, complements);
    }

    /** Produces {@code key|value} lines with kcat; returns its exit code. */
    private int kcat(String bootstrap, String topic, List<String> options, String... lines)
            throws IOException, InterruptedException {
        Path input = Files.createTempFile(work, "kcat", ".jsonl");
        Files.write(input, List.of(lines), StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of("kcat", "-P", "-b", bootstrap, "-t", topic, "-K", "|"));
        command.addAll(options);
        command.addAll(List.of("-l", input.toString()));
        Process kcat;
        try {
            kcat = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(work.resolve("kcat-" + topic + ".log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("kcat is not installed: run deploy/install-deps.sh (Debian package kcat)", e);
        }
        assertThat(kcat.waitFor(60, TimeUnit.SECONDS)).as("kcat finished").isTrue();
        return kcat.exitValue();
    }

    private Process started(Process process) {
        processes.add(process);
        return process;
    }
}
