package dev.nudge.dispatcher;

import static dev.nudge.dispatcher.Intents.BRAND;
import static dev.nudge.dispatcher.Intents.SENDER;
import static dev.nudge.dispatcher.Intents.intent;
import static dev.nudge.dispatcher.Kafkas.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.devstack.kafka.KafkaExtension;
import dev.nudge.devstack.twilio.FakeMessage;
import dev.nudge.devstack.twilio.TwilioFake;
import dev.nudge.dispatcher.ledger.SendLedgerEntry;
import dev.nudge.dispatcher.ledger.SendState;
import dev.nudge.events.SmsIntent;
import dev.nudge.platform.topics.TopicAdmin;
import dev.nudge.platform.topics.Topics;
import dev.nudge.platform.twilio.SentMessage;
import dev.nudge.platform.twilio.TwilioSettings;
import dev.nudge.platform.twilio.TwilioSmsClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dispatcher behind a Twilio-compatible server that fails the way Twilio does: 5xx answers and time-outs after
 * the message was stored, messages queued without date_sent. What went out is counted at the server, per intent
 * (each message carries its intent in its StatusCallback URL), never taken from the dispatcher's own word.
 */
class DeliveryFaultsITCase {

    private static final String HOOKS = "http://127.0.0.1:9/hooks";

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension();

    private TwilioFake twilio;
    private Kafkas kafka;
    private Topics topics;
    private Dispatcher dispatcher;

    @BeforeEach
    void start(TestInfo test) {
        twilio = TwilioFake.start(TwilioFake.DEV_ACCOUNT_SID, TwilioFake.DEV_AUTH_TOKEN);
        kafka = new Kafkas(KAFKA.bootstrapServers());
        topics = Topics.withPrefix(test.getTestMethod().orElseThrow().getName() + ".");
    }

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        kafka.close();
        twilio.close();
    }

    @Test
    void aCreateAnswered500AfterTwilioStoredItIsNotSentAgain() {
        twilio.seed(11).errorAfterStore(0.25, 500).queueFor(Duration.ofSeconds(2));
        dispatcher = Dispatcher.start(settings(twilioSettings(Duration.ofSeconds(3)))
                .inDoubtSettle(Duration.ofMillis(300)).build());

        List<SmsIntent> intents = sendIntents("e500-", 200);

        awaitSettled(intents);
        assertEverySentOnceWithTheSidTwilioStored("5xx after store", intents);
        assertThat(dispatcher.stats().reconciledSent()).as("found by looking up").isPositive();
    }

    @Test
    void aCreateThatTimedOutAfterTwilioStoredItIsFoundWhileStillQueued() {
        twilio.seed(12).timeoutAfterStore(0.2, Duration.ofMillis(2500)).queueFor(Duration.ofSeconds(5));
        dispatcher = Dispatcher.start(settings(twilioSettings(Duration.ofSeconds(1)))
                .inDoubtSettle(Duration.ofMillis(500)).build());

        List<SmsIntent> intents = sendIntents("timeout-", 60);

        awaitSettled(intents);
        assertEverySentOnceWithTheSidTwilioStored("time-outs after store", intents);
        assertThat(dispatcher.stats().reconciledSent()).as("found by looking up").isPositive();
    }

    @Test
    void aRefusedConnectionEndsFailedNotInDoubtForEver() throws Exception {
        URI nothingListening;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nothingListening = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        dispatcher = Dispatcher.start(settings(TwilioSettings.of(TwilioFake.DEV_ACCOUNT_SID, TwilioFake.DEV_AUTH_TOKEN)
                .withApiBaseUrl(nothingListening).withReadTimeout(Duration.ofSeconds(1)))
                .inDoubtSettle(Duration.ofMillis(100)).maxAttempts(3).build());

        List<SmsIntent> intents = sendIntents("refused-", 3);

        awaitSettled(intents);
        assertThat(intents).allSatisfy(intent -> assertThat(dispatcher.ledgerEntry(intent.getIntentId())).get()
                .satisfies(entry -> assertThat(entry.getState()).isEqualTo(SendState.FAILED)));
        assertThat(dispatcher.stats().inDoubtOpen()).isZero();
    }

    @Test
    void inDoubtTextsAreLookedUpAgainUntilFoundOrPastTheHorizon() {
        // A previous run died after writing ATTEMPTING: one text Twilio shows only later, one it never got.
        SmsIntent late = intent("late-1", "c-late-1", "+12125557001").build();
        SmsIntent lost = intent("lost-1", "c-lost-1", "+12125557002").build();
        leftAttemptingByACrash(List.of(late, lost));
        dispatcher = Dispatcher.start(settings(twilioSettings(Duration.ofSeconds(1)))
                .inDoubtSettle(Duration.ZERO).inDoubtRecheck(Duration.ofMillis(200))
                .inDoubtHorizon(Duration.ofSeconds(15)).build());
        // Reconciled once the dispatcher owns the intents' outbox partitions.
        await(() -> dispatcher.stats().inDoubtOpen() == 2, "both left-over sends reconciled");
        assertThat(dispatcher.ledgerEntry("late-1").orElseThrow().getState()).isEqualTo(SendState.IN_DOUBT);
        assertThat(dispatcher.stats().inDoubtOpen()).isEqualTo(2);

        // Twilio shows the first one now, still queued.
        twilio.queueFor(Duration.ofMinutes(1));
        SentMessage shown = TwilioSmsClient.create(twilioSettings(Duration.ofSeconds(1)))
                .send(SENDER, late.getToPhone(), late.getBody(), null);

        await(() -> dispatcher.ledgerEntry("late-1").orElseThrow().getState() == SendState.SENT, "late-1 found");
        assertThat(dispatcher.ledgerEntry("late-1").orElseThrow().getProviderMessageId()).isEqualTo(shown.sid());
        assertThat(dispatcher.ledgerEntry("lost-1").orElseThrow().getState()).isEqualTo(SendState.IN_DOUBT);
        assertThat(dispatcher.stats().inDoubtOpen()).isEqualTo(1);
        await(() -> dispatcher.ledgerEntry("lost-1").orElseThrow().getState() == SendState.FAILED,
                "lost-1 given up past the horizon");
        assertThat(dispatcher.stats().inDoubtOpen()).isZero();
        assertThat(twilio.messages()).hasSize(1);
    }

    @Test
    void twoIntentsInDoubtWithTheSameTextToOnePhoneNeverClaimOneMessage() {
        SmsIntent first = intent("same-1", "c-same", "+12125557003").setBody("See you soon").build();
        SmsIntent second = intent("same-2", "c-same", "+12125557003").setBody("See you soon").build();
        leftAttemptingByACrash(List.of(first, second));
        SentMessage shown = TwilioSmsClient.create(twilioSettings(Duration.ofSeconds(1)))
                .send(SENDER, first.getToPhone(), first.getBody(), null);

        dispatcher = Dispatcher.start(settings(twilioSettings(Duration.ofSeconds(1)))
                .inDoubtSettle(Duration.ZERO).inDoubtRecheck(Duration.ofMillis(200)).build());
        await(() -> Stream.of("same-1", "same-2").allMatch(id ->
                dispatcher.ledgerEntry(id).orElseThrow().getState() != SendState.ATTEMPTING), "both reconciled");

        List<SendState> states = List.of(dispatcher.ledgerEntry("same-1").orElseThrow().getState(),
                dispatcher.ledgerEntry("same-2").orElseThrow().getState());
        assertThat(states).containsExactlyInAnyOrder(SendState.SENT, SendState.IN_DOUBT);
        assertThat(List.of("same-1", "same-2")).filteredOn(id ->
                        dispatcher.ledgerEntry(id).orElseThrow().getState() == SendState.SENT)
                .singleElement().satisfies(id -> assertThat(dispatcher.ledgerEntry(id).orElseThrow()
                        .getProviderMessageId()).isEqualTo(shown.sid()));
    }

    /** The ledger as a run that died after writing ATTEMPTING for these intents left it. */
    private void leftAttemptingByACrash(List<SmsIntent> intents) {
        Instant attempted = Instant.now();
        TopicAdmin.ensure(KAFKA.bootstrapServers(), List.of(SendLedgerTopic.of(topics)));
        for (SmsIntent intent : intents) {
            kafka.send(SendLedgerTopic.of(topics), intent.getIntentId(), SendLedgerEntry.newBuilder()
                    .setIntentId(intent.getIntentId()).setState(SendState.ATTEMPTING).setAt(attempted)
                    .setAttemptedAt(attempted).setBrandId(BRAND).setCustomerId(intent.getCustomerId())
                    .setToPhone(intent.getToPhone()).setSender(SENDER)
                    .setBodyHash(IntentSender.bodyHash(intent.getBody())).build());
        }
        kafka.flush();
    }

    private List<SmsIntent> sendIntents(String prefix, int count) {
        List<SmsIntent> intents = IntStream.range(0, count)
                .mapToObj(i -> intent(prefix + i, "c-" + prefix + i, "+1212556" + String.format("%04d", i)).build())
                .toList();
        intents.forEach(intent -> kafka.send(topics.outbox(), intent.getCustomerId(), intent));
        kafka.flush();
        return intents;
    }

    private void awaitSettled(List<SmsIntent> intents) {
        await(() -> intents.stream().allMatch(intent -> dispatcher.ledgerEntry(intent.getIntentId())
                .map(entry -> entry.getState() != SendState.ATTEMPTING).orElse(false)), "every intent settled");
    }

    private void assertEverySentOnceWithTheSidTwilioStored(String faults, List<SmsIntent> intents) {
        Map<String, List<FakeMessage>> byIntent = messagesByIntent();
        long textedTwice = byIntent.values().stream().filter(messages -> messages.size() > 1).count();
        System.out.printf("%s: %d of %d intents texted twice at the server; %s%n", faults, textedTwice,
                intents.size(), dispatcher.stats());
        assertThat(textedTwice).as("intents texted more than once, counted at the server").isZero();
        assertThat(dispatcher.stats().secondSids()).as("second sids the dispatcher noticed").isZero();
        assertThat(intents).allSatisfy(intent -> {
            List<FakeMessage> stored = byIntent.getOrDefault(intent.getIntentId(), List.of());
            assertThat(stored).as("messages at the server for %s", intent.getIntentId()).hasSize(1);
            assertThat(dispatcher.ledgerEntry(intent.getIntentId())).get().satisfies(entry -> {
                assertThat(entry.getState()).isEqualTo(SendState.SENT);
                assertThat(entry.getProviderMessageId()).isEqualTo(stored.get(0).sid());
            });
        });
    }

    /** The server's messages grouped by the intent their StatusCallback names. */
    private Map<String, List<FakeMessage>> messagesByIntent() {
        Function<FakeMessage, String> intentOf = message -> URLDecoder.decode(
                message.statusCallback().substring(message.statusCallback().indexOf("intent=") + 7),
                StandardCharsets.UTF_8);
        return twilio.messages().stream().collect(Collectors.groupingBy(intentOf));
    }

    private DispatcherSettings.Builder settings(TwilioSettings twilioSettings) {
        return DispatcherSettings.builder(KAFKA.bootstrapServers(), twilioSettings)
                .topics(topics)
                .groupId(topics.outbox().name() + ".dispatcher")
                .senders(Map.of(BRAND, SENDER))
                .webhookBase(URI.create(HOOKS))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500));
    }

    private TwilioSettings twilioSettings(Duration readTimeout) {
        return TwilioSettings.of(TwilioFake.DEV_ACCOUNT_SID, TwilioFake.DEV_AUTH_TOKEN)
                .withApiBaseUrl(URI.create(twilio.baseUrl()))
                .withReadTimeout(readTimeout);
    }
}
