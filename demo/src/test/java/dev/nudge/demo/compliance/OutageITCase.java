package dev.nudge.demo.compliance;

import dev.nudge.devstack.Await;
import dev.nudge.devstack.kafka.ConsumerProgress;
import dev.nudge.devstack.kafka.KafkaExtension;
import dev.nudge.devstack.twilio.FakeMessage;
import dev.nudge.devstack.twilio.TwilioFake;
import dev.nudge.dispatcher.Dispatcher;
import dev.nudge.dispatcher.DispatcherHooks;
import dev.nudge.dispatcher.DispatcherSettings;
import dev.nudge.dispatcher.ledger.SendState;
import dev.nudge.domain.definition.DefinitionParseResult;
import dev.nudge.domain.definition.DefinitionParser;
import dev.nudge.domain.policy.ContactCaps;
import dev.nudge.events.BrowseAction;
import dev.nudge.events.BrowseEvent;
import dev.nudge.events.ConsentChange;
import dev.nudge.events.CustomerEvent;
import dev.nudge.events.CustomerEventType;
import dev.nudge.events.DecisionOutcome;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.EngagementType;
import dev.nudge.events.LineItem;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SalesChannel;
import dev.nudge.events.SequenceDefinition;
import dev.nudge.events.SmsIntent;
import dev.nudge.events.Tenant;
import dev.nudge.platform.topics.Topic;
import dev.nudge.platform.topics.Topics;
import dev.nudge.platform.twilio.TwilioSettings;
import dev.nudge.platform.twilio.TwilioSmsClient;
import dev.nudge.sequencer.KafkaIo;
import dev.nudge.sequencer.SequencerJob;
import dev.nudge.sequencer.SequencerSettings;
import dev.nudge.sequencer.TimeMode;
import dev.nudge.sequencer.TopicClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A STOP and a purchase that arrive while the sequencer is down, on the real sequencer (processing time, the
 * production mode), dispatcher and Twilio-compatible server. Three customers check out, so a step comes due
 * {@link #STEP_DELAY} later; the job is stopped with a savepoint before that; while it is down, and after the step
 * was due, one customer texts STOP (the engagement the webhook service publishes for it) and another buys (the
 * sequence exits on any purchase), behind a backlog of other customers' browsing; then the job is restored from
 * the savepoint. Its overdue timers fire at once: only the third customer may be texted, and the other two's
 * texts may not even be decided (the dispatcher's own opt-out check could hide a decided STOP text, never a
 * purchase).
 *
 * <p>The customers' profile zone is chosen so that it is early afternoon there while the test runs, and their
 * numbers are New York ones (no state hours), so quiet hours never hold a text whenever the test runs.
 */
class OutageITCase {

    private static final Topics TOPICS = Topics.standard();
    private static final String BRAND = "outage";
    private static final String SENDER = "+15005550401";
    private static final String SEQUENCE = "outage-checkout";
    private static final String GROUP = "outage-sequencer";
    private static final Duration STEP_DELAY = Duration.ofSeconds(20);
    private static final int BACKLOG = 2_000;

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension()
            .withTopics(TOPICS.all().stream().map(Topic::toNewTopic).toList());

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).setConfiguration(noRestarts()).build());

    @TempDir
    Path savepoints;

    @Test
    void aStopAndAPurchaseThatArriveDuringAnOutageStillStopTheOverdueStep() throws Exception {
        String stopper = "+12125550401";
        String buyer = "+12125550402";
        String waiter = "+12125550403";
        ZoneId afternoon = zoneWhereItIsEarlyAfternoon();
        try (TwilioFake twilio = TwilioFake.start(TwilioFake.DEV_ACCOUNT_SID, TwilioFake.DEV_AUTH_TOKEN);
             TopicClient kafka = new TopicClient(KAFKA.bootstrapServers());
             Dispatcher dispatcher = startDispatcher(twilio)) {
            JobClient job = startSequencer(null);
            kafka.send(TOPICS.sequenceDefinitions(), BRAND + "/" + SEQUENCE, definition());
            kafka.readUntil(TOPICS.decisions(), all -> all.stream()
                    .anyMatch(d -> d.getOutcome() == DecisionOutcome.DEFINITION_ACCEPTED), "the sequence accepted");

            for (String phone : List.of(stopper, buyer, waiter)) {
                consentedCustomer(kafka, customerOf(phone), phone, afternoon, Instant.now());
            }
            awaitRead(TOPICS.customers());
            Instant checkout = Instant.now();
            for (String phone : List.of(stopper, buyer, waiter)) {
                kafka.send(TOPICS.purchases(), customerOf(phone), purchase(customerOf(phone), checkout));
            }
            kafka.readUntil(TOPICS.decisions(), all -> all.stream()
                    .filter(d -> d.getOutcome() == DecisionOutcome.ENTERED).count() == 3, "three customers entered");
            String savepoint = job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get();
            assertThat(kafka.readAll(TOPICS.outbox())).as("texts decided before the outage").isEmpty();

            Instant due = checkout.plus(STEP_DELAY);
            Await.until(() -> Instant.now().isAfter(due.plusSeconds(1)), STEP_DELAY.multipliedBy(3), "the step to be due");
            for (int i = 0; i < BACKLOG; i++) {
                kafka.send(TOPICS.browse(), "browser-" + i, browse("browser-" + i, Instant.now()));
            }
            kafka.send(TOPICS.engagements(), customerOf(stopper), stop(customerOf(stopper), stopper, Instant.now()));
            kafka.send(TOPICS.purchases(), customerOf(buyer), purchase(customerOf(buyer), Instant.now()));

            JobClient restored = startSequencer(savepoint);
            try {
                Await.until(() -> !twilio.messages().isEmpty(), TopicClient.DEADLINE, "the overdue step's text");
                awaitRead(TOPICS.customers(), TOPICS.purchases(), TOPICS.engagements(), TOPICS.browse());
                awaitDispatched(kafka, dispatcher);

                assertThat(decidedTo(kafka, stopper)).as("texts decided for the customer who texted STOP").isEmpty();
                assertThat(decidedTo(kafka, buyer)).as("texts decided for the customer who bought").isEmpty();
                assertThat(twilio.messages()).as("texts at Twilio").extracting(FakeMessage::to).containsExactly(waiter);
            } finally {
                restored.cancel().get();
            }
        }
    }

    /** Waits until the sequencer has read and checkpointed every record of {@code topics}. */
    private static void awaitRead(Topic<?>... topics) {
        try (ConsumerProgress progress = new ConsumerProgress(KAFKA.bootstrapServers())) {
            progress.awaitConsumed(GROUP, Arrays.stream(topics).map(Topic::name).toList(), TopicClient.DEADLINE);
        }
    }

    private static String customerOf(String phone) {
        return "c" + phone.substring(phone.length() - 3);
    }

    /** A fixed-offset zone where the wall clock shows 13:00–14:00 now, 7 hours inside 08:00–21:00 either way. */
    private static ZoneId zoneWhereItIsEarlyAfternoon() {
        int utcHour = Instant.now().atOffset(ZoneOffset.UTC).getHour();
        int offset = Math.floorMod(13 - utcHour + 12, 24) - 12;
        return ZoneOffset.ofHours(offset);
    }

    private JobClient startSequencer(String savepoint) throws Exception {
        SequencerSettings defaults = SequencerSettings.defaults();
        SequencerSettings settings = new SequencerSettings(KAFKA.bootstrapServers(), "", GROUP, TimeMode.PROCESSING_TIME,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(300), defaults.transactionTimeout(),
                defaults.engine().withCaps(new ContactCaps(Duration.ZERO, 5, 10, null)));
        Configuration configuration = new Configuration();
        if (savepoint != null) {
            configuration.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.setParallelism(2);
        KafkaIo io = new KafkaIo(settings);
        SequencerJob.build(env, io.sources(), io.sinks(), settings);
        return env.executeAsync("outage");
    }

    private static Dispatcher startDispatcher(TwilioFake twilio) {
        TwilioSettings settings = TwilioSettings.of(twilio.accountSid(), twilio.authToken())
                .withApiBaseUrl(URI.create(twilio.baseUrl()));
        return Dispatcher.start(DispatcherSettings.builder(KAFKA.bootstrapServers(), settings)
                        .groupId("outage-dispatcher").senders(Map.of(BRAND, SENDER))
                        .sendsPerSecondPerSender(1_000).build(),
                TwilioSmsClient.create(settings), Clock.systemUTC(), DispatcherHooks.NONE);
    }

    private static void awaitDispatched(TopicClient kafka, Dispatcher dispatcher) {
        Set<String> intents = kafka.readAll(TOPICS.outbox()).stream().map(SmsIntent::getIntentId)
                .collect(Collectors.toSet());
        Await.until(() -> intents.stream().allMatch(id -> dispatcher.ledgerEntry(id)
                        .filter(entry -> entry.getState() != SendState.ATTEMPTING).isPresent()),
                TopicClient.DEADLINE, "the dispatcher to settle " + intents.size() + " texts");
    }

    private static List<SmsIntent> decidedTo(TopicClient kafka, String phone) {
        return kafka.readAll(TOPICS.outbox()).stream().filter(intent -> phone.equals(intent.getToPhone())).toList();
    }

    private static void consentedCustomer(TopicClient kafka, String customerId, String phone, ZoneId zone, Instant at) {
        Tenant tenant = new Tenant(BRAND, null);
        kafka.send(TOPICS.customers(), customerId, CustomerEvent.newBuilder().setEventId(customerId + ":sign-up")
                .setTenant(tenant).setCustomerId(customerId).setEventTime(at).setType(CustomerEventType.SIGN_UP)
                .setPhoneE164(phone).setTimeZone(zone.getId()).setLocale("en-US").setFirstName("Pat").build());
        kafka.send(TOPICS.customers(), customerId, CustomerEvent.newBuilder().setEventId(customerId + ":consent")
                .setTenant(tenant).setCustomerId(customerId).setEventTime(at)
                .setType(CustomerEventType.CONSENT_GRANTED).setPhoneE164(phone)
                .setConsent(new ConsentChange("checkout_form", "form-" + customerId, at)).build());
    }

    private static PurchaseEvent purchase(String customerId, Instant at) {
        String orderId = customerId + "-" + at.toEpochMilli();
        LineItem beans = new LineItem("coffee-beans", "coffee beans", "coffee", 1, 1800L, "USD");
        return PurchaseEvent.newBuilder().setEventId(orderId).setTenant(new Tenant(BRAND, null))
                .setCustomerId(customerId).setEventTime(at).setOrderId(orderId).setLines(List.of(beans))
                .setTotalMinor(1800L).setCurrency("USD").setChannel(SalesChannel.ONLINE).build();
    }

    private static BrowseEvent browse(String customerId, Instant at) {
        return BrowseEvent.newBuilder().setEventId(customerId + "-" + at.toEpochMilli())
                .setTenant(new Tenant(BRAND, null)).setCustomerId(customerId).setEventTime(at)
                .setAction(BrowseAction.SEARCH).build();
    }

    /** What the webhook service publishes for an inbound STOP. */
    private static EngagementEvent stop(String customerId, String phone, Instant at) {
        return EngagementEvent.newBuilder().setEventId(customerId + ":stop").setTenant(new Tenant(BRAND, null))
                .setCustomerId(customerId).setEventTime(at).setType(EngagementType.OPTED_OUT).setReplyText("STOP")
                .setPhoneE164(phone).build();
    }

    private SequenceDefinition definition() {
        String yaml = """
                id: %s
                version: 1
                status: LIVE
                brandId: %s
                priority: 50
                subject: coffee
                trigger: {type: CHECKOUT, categories: [coffee]}
                steps:
                  - delay: {after: %s}
                    offer: NONE
                    templates:
                      en-US: "Thanks {firstName}, enjoy your coffee"
                exits: [ANY_PURCHASE, OPT_OUT]
                reentry: {policy: NEVER}
                holdoutPercent: 0
                onNewVersion: FINISH_ON_OLD
                defaultLocale: en-US
                """.formatted(SEQUENCE, BRAND, STEP_DELAY);
        DefinitionParseResult parsed = DefinitionParser.parse(yaml);
        if (!(parsed instanceof DefinitionParseResult.Accepted accepted)) {
            throw new IllegalStateException("the test's sequence is invalid: " + parsed);
        }
        return new SequenceDefinition(SEQUENCE, 1, BRAND, Instant.now(), DefinitionParser.toJson(accepted.definition()));
    }

    private static Configuration noRestarts() {
        Configuration configuration = new Configuration();
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return configuration;
    }
}
