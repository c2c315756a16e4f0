package dev.nudge.sequencer;

import dev.nudge.devstack.kafka.KafkaExtension;
import dev.nudge.events.BrowseAction;
import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.DeadLetter;
import dev.nudge.events.Decision;
import dev.nudge.events.DecisionOutcome;
import dev.nudge.events.EngagementType;
import dev.nudge.events.ReplyIntent;
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

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.nudge.sequencer.TestEvents.browse;
import static dev.nudge.sequencer.TestEvents.consent;
import static dev.nudge.sequencer.TestEvents.definitionFromText;
import static dev.nudge.sequencer.TestEvents.engagement;
import static dev.nudge.sequencer.TestEvents.item;
import static dev.nudge.sequencer.TestEvents.purchase;
import static dev.nudge.sequencer.TestEvents.signUp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A scripted week for five customers through the real job on a real broker, in event time: checkouts in three time
 * zones, a reply, a STOP, a customer without consent, a stock-out and a definition update mid-sequence.
 */
class SequencerITCase {

    private static final Topics TOPICS = Topics.standard();
    private static final String GROUP = "sequencer-it";

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension()
            .withTopics(TOPICS.all().stream().map(Topic::toNewTopic).toList());

    @RegisterExtension
    static final MiniClusterExtension FLINK = SequencerOnKafka.miniCluster(SequencerOnKafka.noRestarts());

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    private static final ZoneId DENVER = ZoneId.of("America/Denver");
    private static final Instant SUNDAY = Instant.parse("2026-03-01T12:00:00Z");

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
        job = env.executeAsync("sequencer-it");
    }

    @AfterAll
    static void stopJob() throws Exception {
        if (job != null) {
            job.cancel().get();
        }
        io.close();
    }

    @Test
    void aScriptedWeek() {
        // Sunday: the catalog, the sequence and five customers.
        for (CatalogUpdate update : List.of(
                item("coffee-beans", "coffee", 1800, 100, SUNDAY, List.of("pour-over-kit"), List.of("bean-canister"), 30),
                item("pour-over-kit", "gear", 2400, 10, SUNDAY, List.of(), List.of(), null),
                item("bean-canister", "gear", 1500, 10, SUNDAY, List.of(), List.of(), null))) {
            io.send(TOPICS.catalog(), update.getSku(), update);
        }
        io.send(TOPICS.sequenceDefinitions(), "coffee-followup",
                definitionFromText(TestDefinitions.coffeeCheckout(1, "P2D"), SUNDAY));
        awaitDecision(d -> d.getOutcome() == DecisionOutcome.DEFINITION_ACCEPTED && d.getSequenceVersion() == 1);
        customer("anna", "+12125550100", "America/New_York", true);
        customer("ben", "+13105550100", null, true);
        customer("cara", "+13125550100", "America/Chicago", true);
        customer("dan", "+16465550100", "America/New_York", false);
        customer("eve", "+13035550100", "America/Denver", true);
        // Topics are read independently: each step lands (a checkpoint covers it) before the next depends on it.
        io.awaitConsumed(GROUP, TOPICS.customers().name());

        // Monday and Tuesday: checkouts, and Cara texts STOP.
        buyCoffee("anna", local(NEW_YORK, 2, 10, 0), "o-anna");
        buyCoffee("cara", local(CHICAGO, 2, 12, 0), "o-cara");
        buyCoffee("dan", local(NEW_YORK, 2, 13, 0), "o-dan");
        buyCoffee("ben", local(LOS_ANGELES, 2, 22, 0), "o-ben");
        buyCoffee("eve", local(DENVER, 3, 10, 0), "o-eve");
        io.awaitConsumed(GROUP, TOPICS.purchases().name());
        io.send(TOPICS.engagements(), "cara",
                engagement("cara", local(CHICAGO, 3, 12, 0), EngagementType.OPTED_OUT, null, "STOP"));
        io.awaitConsumed(GROUP, TOPICS.engagements().name());
        tick(local(NEW_YORK, 4, 13, 0));
        awaitTexts(texts -> texts.size() == 1);

        // Thursday: Ben's text waited for 08:00 in Los Angeles.
        tick(Instant.parse("2026-03-05T16:10:00Z"));
        awaitTexts(texts -> texts.size() == 2);

        // Then the pour-over kit sells out and version 2 of the sequence goes live.
        Instant stockOut = Instant.parse("2026-03-05T16:30:00Z");
        io.send(TOPICS.catalog(), "pour-over-kit",
                item("pour-over-kit", "gear", 2400, 0, stockOut, List.of(), List.of(), null));
        io.send(TOPICS.sequenceDefinitions(), "coffee-followup", definitionFromText(TestDefinitions.coffeeCheckout(2, "P2D",
                "Version two, {firstName}: {productName} ({price}) keeps beans fresh: {link}"), stockOut));
        awaitDecision(d -> d.getOutcome() == DecisionOutcome.DEFINITION_ACCEPTED && d.getSequenceVersion() == 2);
        io.awaitConsumed(GROUP, TOPICS.catalog().name());

        // Ben replies; the rest of the week passes.
        io.send(TOPICS.engagements(), "ben", engagement("ben", Instant.parse("2026-03-05T17:00:00Z"),
                EngagementType.REPLIED, ReplyIntent.POSITIVE, "thanks!"));
        // An idle partition does not hold event time back, so let the reply land before the clock moves on.
        awaitDecision(d -> d.getCustomerId().equals("ben") && d.getOutcome() == DecisionOutcome.EXITED);
        tick(Instant.parse("2026-03-09T18:00:00Z"));
        List<Decision> decisions = awaitDecision(d -> d.getOutcome() == DecisionOutcome.COMPLETED && d.getCustomerId().equals("eve"));
        awaitDecision(d -> d.getOutcome() == DecisionOutcome.COMPLETED && d.getCustomerId().equals("anna"));

        List<SmsIntent> texts = awaitTexts(all -> all.size() >= 4);
        assertThat(texts).extracting(SmsIntent::getCustomerId, SmsIntent::getCreatedAt, SmsIntent::getTimeZone,
                        SmsIntent::getSequenceVersion, SmsIntent::getOfferSku)
                .containsExactlyInAnyOrder(
                        tuple("anna", local(NEW_YORK, 4, 10, 0), "America/New_York", 1, "pour-over-kit"),
                        tuple("ben", local(LOS_ANGELES, 5, 8, 0), "America/Los_Angeles", 1, "pour-over-kit"),
                        tuple("anna", local(NEW_YORK, 7, 10, 0), "America/New_York", 2, "bean-canister"),
                        tuple("eve", local(DENVER, 8, 10, 0), "America/Denver", 2, "bean-canister"));
        assertThat(texts).filteredOn(text -> text.getCustomerId().equals("anna")).extracting(SmsIntent::getBody)
                .containsExactlyInAnyOrder(
                        "Hi Anna, many customers brew it with pour over kit ($24.00): https://shop.example/p/pour-over-kit Reply STOP to opt out.",
                        "Version two, Anna: bean canister ($15.00) keeps beans fresh: https://shop.example/p/bean-canister Reply STOP to opt out.");
        assertThat(texts).extracting(SmsIntent::getIntentId).doesNotHaveDuplicates();

        Map<String, List<String>> reasons = decisions.stream().filter(d -> !d.getCustomerId().isEmpty())
                .collect(Collectors.groupingBy(Decision::getCustomerId,
                        Collectors.mapping(d -> d.getOutcome() + ":" + d.getReason(), Collectors.toList())));
        assertThat(reasons.get("ben")).contains("DEFERRED:QUIET_HOURS", "SENT:STEP_DUE", "EXITED:REPLIED");
        assertThat(reasons.get("cara")).contains("ENTERED:TRIGGERED", "EXITED:OPTED_OUT").doesNotContain("SENT:STEP_DUE");
        assertThat(reasons.get("dan")).containsExactly("SKIPPED:NO_CONSENT");
        assertThat(reasons.get("eve")).contains("SKIPPED:NO_SELLABLE_OFFER", "SENT:STEP_DUE", "COMPLETED:LAST_STEP");
    }

    @Test
    void unreadableRecordsInEveryInputGoToTheDeadLettersAndTheJobKeepsRunning() throws Exception {
        byte[] garbage = "not avro at all".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<String> inputs = List.of(TOPICS.purchases().name(), TOPICS.browse().name(), TOPICS.customers().name(),
                TOPICS.engagements().name(), TOPICS.catalog().name(), TOPICS.sequenceDefinitions().name());
        for (String topic : inputs) {
            io.sendRaw(topic, "poison", garbage);
        }
        // Readable, but not usable: a phone number that is not E.164.
        io.send(TOPICS.customers(), "zed", signUp("zed", SUNDAY, "555-0100", null, "Zed"));

        List<DeadLetter> letters = io.readUntil(TOPICS.deadLetters(), all -> all.size() >= inputs.size() + 1, "dead letters");
        assertThat(letters).extracting(DeadLetter::getSourceTopic).containsAll(inputs);
        assertThat(letters).allSatisfy(letter -> {
            assertThat(letter.getOffset()).isNotNegative();
            assertThat(letter.getValue()).isNotNull();
            assertThat(letter.getError()).isNotBlank();
        });
        assertThat(letters).anySatisfy(letter -> assertThat(letter.getError()).contains("555-0100").contains("E.164"));
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
    }

    private static void customer(String id, String phone, String zone, boolean consents) {
        io.send(TOPICS.customers(), id, signUp(id, SUNDAY, phone, zone, Character.toUpperCase(id.charAt(0)) + id.substring(1)));
        if (consents) {
            io.send(TOPICS.customers(), id, consent(id, SUNDAY.plusSeconds(1), true));
        }
    }

    private static void buyCoffee(String customerId, Instant at, String orderId) {
        io.send(TOPICS.purchases(), customerId, purchase(customerId, at, orderId, "coffee-beans", "coffee", 1800));
    }

    /** Moves event time on: a browse by a customer who takes part in nothing. */
    private static void tick(Instant at) {
        io.send(TOPICS.browse(), "clock", browse("clock", at, BrowseAction.SEARCH, null, null));
    }

    private static List<SmsIntent> awaitTexts(java.util.function.Predicate<List<SmsIntent>> condition) {
        return io.readUntil(TOPICS.outbox(), condition, "texts");
    }

    private static List<Decision> awaitDecision(java.util.function.Predicate<Decision> wanted) {
        return io.readUntil(TOPICS.decisions(), all -> all.stream().anyMatch(wanted), "a decision");
    }

    /** A local time in March 2026. */
    private static Instant local(ZoneId zone, int day, int hour, int minute) {
        return ZonedDateTime.of(2026, 3, day, hour, minute, 0, 0, zone).toInstant();
    }
}
