package dev.nudge.dispatcher;

import static dev.nudge.dispatcher.Intents.BRAND;
import static dev.nudge.dispatcher.Intents.SENDER;
import static dev.nudge.dispatcher.Intents.intent;
import static dev.nudge.dispatcher.Kafkas.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.devstack.kafka.KafkaExtension;
import dev.nudge.devstack.metrics.GrafanaDashboard;
import dev.nudge.devstack.metrics.PrometheusScrape;
import dev.nudge.devstack.twilio.RecordedRequest;
import dev.nudge.devstack.twilio.TwilioFake;
import dev.nudge.dispatcher.ledger.SendLedgerEntry;
import dev.nudge.dispatcher.ledger.SendState;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.EngagementType;
import dev.nudge.events.SmsIntent;
import dev.nudge.events.Tenant;
import dev.nudge.platform.topics.Topics;
import dev.nudge.platform.twilio.TwilioSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The dispatcher against a real broker and the real Twilio SDK talking to the Twilio fake. */
class DispatcherITCase {

    private static final Topics TOPICS = Topics.standard();

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension();

    private static TwilioFake twilio;
    private static Dispatcher dispatcher;
    private static Kafkas kafka;

    @BeforeAll
    static void start() {
        twilio = TwilioFake.start(TwilioFake.DEV_ACCOUNT_SID, TwilioFake.DEV_AUTH_TOKEN);
        kafka = new Kafkas(KAFKA.bootstrapServers());
        dispatcher = Dispatcher.start(settings(TOPICS, "dispatcher-it").build());
    }

    @AfterAll
    static void stop() {
        dispatcher.close();
        kafka.close();
        twilio.close();
    }

    static DispatcherSettings.Builder settings(Topics topics, String group) {
        return DispatcherSettings.builder(KAFKA.bootstrapServers(), twilioSettings())
                .topics(topics)
                .groupId(group)
                .senders(Map.of(BRAND, SENDER))
                .webhookBase(URI.create("http://127.0.0.1:9/hooks"))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500));
    }

    static TwilioSettings twilioSettings() {
        return TwilioSettings.of(TwilioFake.DEV_ACCOUNT_SID, TwilioFake.DEV_AUTH_TOKEN)
                .withApiBaseUrl(URI.create(twilio.baseUrl()))
                .withReadTimeout(Duration.ofSeconds(3));
    }

    @Test
    void sendsEachIntentOnceEvenWhenTheOutboxRepeatsIt() {
        List<SmsIntent> intents = IntStream.range(0, 20)
                .mapToObj(i -> intent("once-" + i, "c-once-" + i, "+1212555" + String.format("%04d", i)).build())
                .toList();
        intents.forEach(intent -> kafka.send(TOPICS.outbox(), intent.getCustomerId(), intent));
        intents.subList(0, 5).forEach(intent -> kafka.send(TOPICS.outbox(), intent.getCustomerId(), intent));
        kafka.flush();

        List<EngagementEvent> sent = kafka.readUntil(TOPICS.engagements(),
                events -> sentFor(events, "once-").size() >= 20, "20 SENT engagements");
        await(() -> dispatcher.stats().duplicates() >= 5, "the 5 repeated records seen and dropped");

        assertThat(creates("once-")).hasSize(20);
        assertThat(creates("once-")).allSatisfy(request -> {
            assertThat(request.formParam("From")).isEqualTo(SENDER);
            assertThat(request.formParam("StatusCallback"))
                    .startsWith("http://127.0.0.1:9/hooks/twilio/status?intent=once-");
        });
        assertThat(sentFor(sent, "once-")).hasSize(20).allSatisfy(event -> {
            assertThat(event.getProviderMessageId()).startsWith("SM");
            assertThat(event.getEventId()).isEqualTo(event.getMessageId() + ":SENT");
        });
        assertThat(dispatcher.ledgerEntry("once-3")).get()
                .satisfies(entry -> assertThat(entry.getState()).isEqualTo(SendState.SENT));
    }

    @Test
    void retriesA429AndThenSends() {
        SmsIntent intent = intent("rate-1", "c-rate", "+12125559001").build();
        twilio.failNext(1, 429);
        kafka.send(TOPICS.outbox(), intent.getCustomerId(), intent);
        kafka.flush();

        await(() -> settled("rate-1"), "rate-1 settled");
        assertThat(dispatcher.ledgerEntry("rate-1").orElseThrow().getState()).isEqualTo(SendState.SENT);
        assertThat(twilio.requests().stream().filter(r -> "+12125559001".equals(r.formParam("To")))).hasSize(2);
        assertThat(twilio.messages().stream().filter(m -> m.to().equals("+12125559001"))).hasSize(1);
    }

    @Test
    void anUnsubscribedRecipientIsReportedOptedOutAndNotRetried() {
        twilio.optedOut("+12125559002");
        twilio.invalidNumber("+12125559003");
        SmsIntent stopped = intent("stop-1", "c-stop", "+12125559002").build();
        SmsIntent invalid = intent("invalid-1", "c-invalid", "+12125559003").build();
        kafka.send(TOPICS.outbox(), stopped.getCustomerId(), stopped);
        kafka.send(TOPICS.outbox(), invalid.getCustomerId(), invalid);
        kafka.flush();

        List<EngagementEvent> events = kafka.readUntil(TOPICS.engagements(),
                all -> all.stream().anyMatch(e -> "stop-1".equals(e.getMessageId()))
                        && all.stream().anyMatch(e -> "invalid-1".equals(e.getMessageId())),
                "engagements for stop-1 and invalid-1");

        assertThat(events).filteredOn(e -> "stop-1".equals(e.getMessageId())).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(EngagementType.OPTED_OUT);
            assertThat(e.getErrorCode()).isEqualTo(21610);
            assertThat(e.getCustomerId()).isEqualTo("c-stop");
        });
        assertThat(events).filteredOn(e -> "invalid-1".equals(e.getMessageId())).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(EngagementType.FAILED);
            assertThat(e.getErrorCode()).isEqualTo(21211);
        });
        assertThat(twilio.requests().stream().filter(r -> "+12125559002".equals(r.formParam("To")))).hasSize(1);
        assertThat(twilio.requests().stream().filter(r -> "+12125559003".equals(r.formParam("To")))).hasSize(1);
        assertThat(dispatcher.optedOutSince(BRAND, "c-stop")).isPresent();

        // A later text to the same customer is not even tried.
        SmsIntent later = intent("stop-2", "c-stop", "+12125559002").build();
        kafka.send(TOPICS.outbox(), later.getCustomerId(), later);
        kafka.flush();
        await(() -> settled("stop-2"), "stop-2 settled");
        assertThat(dispatcher.ledgerEntry("stop-2").orElseThrow().getState()).isEqualTo(SendState.SKIPPED);
        assertThat(twilio.requests().stream().filter(r -> "+12125559002".equals(r.formParam("To")))).hasSize(1);
    }

    @Test
    void expiredTextsAndTextsInQuietHoursAreNotSent() {
        Instant now = Instant.now();
        SmsIntent expired = intent("expired-1", "c-expired", "+12125559004")
                .setNotAfter(now.minus(Duration.ofMinutes(1))).build();
        // Quiet hours around the recipient's current local time, whatever time the test runs.
        ZonedDateTime local = now.atZone(ZoneId.of("America/New_York"));
        int minute = local.getHour() * 60 + local.getMinute();
        SmsIntent quiet = intent("quiet-1", "c-quiet", "+12125559005").setTimeZone("America/New_York")
                .setQuietStartMinute((minute + 1440 - 30) % 1440).setQuietEndMinute((minute + 30) % 1440).build();
        SmsIntent fine = intent("fine-1", "c-fine", "+12125559006").setTimeZone("America/New_York")
                .setQuietStartMinute((minute + 60) % 1440).setQuietEndMinute((minute + 120) % 1440).build();
        for (SmsIntent intent : List.of(expired, quiet, fine)) {
            kafka.send(TOPICS.outbox(), intent.getCustomerId(), intent);
        }
        kafka.flush();

        await(() -> settled("expired-1") && settled("quiet-1") && settled("fine-1"), "all three settled");
        SendLedgerEntry expiredEntry = dispatcher.ledgerEntry("expired-1").orElseThrow();
        assertThat(expiredEntry.getState()).isEqualTo(SendState.SKIPPED);
        assertThat(expiredEntry.getReason()).startsWith("expired");
        SendLedgerEntry quietEntry = dispatcher.ledgerEntry("quiet-1").orElseThrow();
        assertThat(quietEntry.getState()).isEqualTo(SendState.SKIPPED);
        assertThat(quietEntry.getReason()).startsWith("quiet hours");
        assertThat(dispatcher.ledgerEntry("fine-1").orElseThrow().getState()).isEqualTo(SendState.SENT);
        assertThat(twilio.requests().stream().map(r -> r.formParam("To")))
                .doesNotContain("+12125559004", "+12125559005").contains("+12125559006");
    }

    /**
     * A simulation's texts, decided weeks ago in event time: judged at their decision time they are sent, and SENT
     * carries that time; the ledger keeps the wall clock for reconciliation and records the decision time.
     */
    @Test
    void decisionTimeJudgesAndStampsSendsAtTheIntentsCreatedAt() {
        Topics topics = Topics.withPrefix("replay.");
        // Three hours of the day before now (an hour of DST change either way), a month ago.
        Instant decided = Instant.now().minus(Duration.ofDays(30)).minus(Duration.ofHours(3))
                .truncatedTo(ChronoUnit.MILLIS);
        // Valid for an hour after the decision, and the wall clock inside quiet hours: live traffic would skip it.
        ZonedDateTime local = Instant.now().atZone(ZoneId.of("America/New_York"));
        int minute = local.getHour() * 60 + local.getMinute();
        SmsIntent old = intent("replay-1", "c-replay", "+12125559200").setCreatedAt(decided)
                .setNotAfter(decided.plus(Duration.ofHours(1))).setTimeZone("America/New_York")
                .setQuietStartMinute((minute + 1440 - 1) % 1440).setQuietEndMinute((minute + 1) % 1440).build();
        try (Dispatcher replay = Dispatcher.start(settings(topics, "replay").sendTime(SendTime.DECISION_TIME).build())) {
            Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            kafka.send(topics.outbox(), old.getCustomerId(), old);
            kafka.flush();
            await(() -> replay.ledgerEntry("replay-1").map(e -> e.getState() != SendState.ATTEMPTING).orElse(false),
                    "the replayed text settled");

            SendLedgerEntry entry = replay.ledgerEntry("replay-1").orElseThrow();
            assertThat(entry.getState()).isEqualTo(SendState.SENT);
            assertThat(entry.getDecidedAt()).isEqualTo(decided);
            assertThat(entry.getAt()).isAfterOrEqualTo(before);
            assertThat(entry.getAttemptedAt()).isAfterOrEqualTo(before);
            List<EngagementEvent> sent = kafka.readUntil(topics.engagements(),
                    events -> !sentFor(events, "replay-").isEmpty(), "SENT for the replayed text");
            assertThat(sentFor(sent, "replay-")).singleElement()
                    .satisfies(event -> assertThat(event.getEventTime()).isEqualTo(decided));
        }
    }

    /** A STOP that lands while the customer's texts wait their turn stops every text not yet handed to Twilio. */
    @Test
    void anAllowlistLetsTextsGoOnlyToItsNumbers() {
        Topics topics = Topics.withPrefix("allow.");
        SmsIntent allowed = intent("allow-1", "c-allow-1", "+12125559301").build();
        SmsIntent other = intent("allow-2", "c-allow-2", "+12125559302").build();
        try (Dispatcher staging = Dispatcher.start(settings(topics, "allow")
                .recipientAllowlist(Set.of(allowed.getToPhone())).build())) {
            kafka.send(topics.outbox(), other.getCustomerId(), other);
            kafka.send(topics.outbox(), allowed.getCustomerId(), allowed);
            kafka.flush();
            await(() -> staging.ledgerEntry("allow-1").map(e -> e.getState() == SendState.SENT).orElse(false)
                    && staging.ledgerEntry("allow-2").isPresent(), "both settled");

            assertThat(staging.ledgerEntry("allow-2")).get().satisfies(entry -> {
                assertThat(entry.getState()).isEqualTo(SendState.SKIPPED);
                assertThat(entry.getReason()).isEqualTo(IntentSender.NOT_ON_ALLOWLIST);
            });
            assertThat(twilio.requests()).noneMatch(request -> other.getToPhone().equals(request.formParam("To")));
            assertThat(twilio.messages()).filteredOn(m -> m.to().equals(allowed.getToPhone())).hasSize(1);
        }
    }

    @Test
    void nothingIsSentAfterTheOptOutArrives() {
        Topics topics = Topics.withPrefix("race.");
        String phone = "+12125559100";
        try (Dispatcher slow = Dispatcher.start(settings(topics, "race").sendsPerSecondPerSender(20)
                .maxConcurrentSends(2).build())) {
            for (int i = 0; i < 100; i++) {
                SmsIntent intent = intent("race-" + i, "c-race", phone).build();
                kafka.send(topics.outbox(), intent.getCustomerId(), intent);
            }
            kafka.flush();
            await(() -> twilio.messages().stream().filter(m -> m.to().equals(phone)).count() >= 10,
                    "the first texts out");
            kafka.send(topics.engagements(), "c-race", EngagementEvent.newBuilder()
                    .setEventId("stop-race").setTenant(new Tenant(BRAND, null)).setCustomerId("c-race")
                    .setEventTime(Instant.now()).setType(EngagementType.OPTED_OUT).build());
            kafka.flush();
            await(() -> IntStream.range(0, 100).allMatch(i -> slow.ledgerEntry("race-" + i)
                    .map(entry -> entry.getState() != SendState.ATTEMPTING).orElse(false)), "all 100 settled");

            Instant optedOutAt = slow.optedOutSince(BRAND, "c-race").orElseThrow();
            List<SendLedgerEntry> entries = IntStream.range(0, 100)
                    .mapToObj(i -> slow.ledgerEntry("race-" + i).orElseThrow()).toList();
            long sent = entries.stream().filter(e -> e.getState() == SendState.SENT).count();
            long skipped = entries.stream().filter(e -> e.getState() == SendState.SKIPPED).count();
            List<RecordedRequest> creates = twilio.requests().stream()
                    .filter(r -> phone.equals(r.formParam("To"))).toList();
            System.out.printf("opt-out race: %d sent before the STOP, %d not sent after it%n", sent, skipped);

            assertThat(sent + skipped).isEqualTo(100);
            assertThat(skipped).isPositive();
            assertThat(creates).hasSize((int) sent);
            // Every text that went out was attempted before the opt-out arrived (a SENT entry's own time is Twilio's
            // answer, which may come after it) ...
            assertThat(entries).filteredOn(e -> e.getState() == SendState.SENT)
                    .allSatisfy(e -> assertThat(e.getAttemptedAt()).isBefore(optedOutAt.plusMillis(1)));
            // ... and reached Twilio within a call's time of it (no text was merely queued and sent later).
            assertThat(creates).allSatisfy(r -> assertThat(r.receivedAt()).isBefore(optedOutAt.plusMillis(500)));
        }
    }

    @Test
    void itsPrometheusEndpointCountsSendsTwilioErrorsAndTheLedger() throws IOException {
        try (HealthServer server = HealthServer.start(0, () -> true, () -> true)) {
            MetricsEndpoint.addTo(server.httpServer(), dispatcher.metrics());
            URI endpoint = URI.create("http://127.0.0.1:" + server.port() + "/metrics");
            PrometheusScrape before = PrometheusScrape.of(endpoint);

            twilio.invalidNumber("+12125559401");
            List<SmsIntent> intents = List.of(intent("metrics-1", "c-metrics-1", "+12125559400").build(),
                    intent("metrics-2", "c-metrics-2", "+12125559401").build());
            intents.forEach(intent -> kafka.send(TOPICS.outbox(), intent.getCustomerId(), intent));
            kafka.flush();
            await(() -> settled("metrics-1") && settled("metrics-2"), "both settled");

            PrometheusScrape after = PrometheusScrape.of(endpoint);
            Files.writeString(Path.of("target/dispatcher-scrape.txt"), after.text());
            assertThat(delta(before, after, "nudge_dispatcher_sends_total", Map.of("status", "sent"))).isEqualTo(1);
            assertThat(delta(before, after, "nudge_dispatcher_sends_total", Map.of("status", "failed"))).isEqualTo(1);
            assertThat(delta(before, after, "nudge_dispatcher_intents_total", Map.of("outcome", "received")))
                    .isEqualTo(2);
            assertThat(delta(before, after, "nudge_dispatcher_twilio_errors_total", Map.of("code", "21211")))
                    .isEqualTo(1);
            assertThat(delta(before, after, "nudge_dispatcher_ledger_intents", Map.of())).isEqualTo(2);
            assertThat(after.samples("nudge_dispatcher_ledger_in_doubt", Map.of())).singleElement()
                    .satisfies(sample -> assertThat(sample.value()).isZero());
            assertThat(after.has("kafka_consumer_fetch_manager_records_lag_max")).isTrue();
            Path dashboard = Path.of(System.getProperty("nudge.root"), "deploy/grafana/nudge-operations.json");
            assertThat(GrafanaDashboard.metricNames(dashboard, "nudge_dispatcher_")).isNotEmpty()
                    .allSatisfy(name -> assertThat(after.has(name)).as(name).isTrue());
        }
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String name, Map<String, String> labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private static boolean settled(String intentId) {
        return dispatcher.ledgerEntry(intentId).map(e -> e.getState() != SendState.ATTEMPTING).orElse(false);
    }

    private static List<RecordedRequest> creates(String bodyMarker) {
        return twilio.requests().stream()
                .filter(r -> r.method().equals("POST") && r.formParam("Body") != null
                        && r.formParam("Body").contains("[" + bodyMarker))
                .toList();
    }

    private static List<EngagementEvent> sentFor(List<EngagementEvent> events, String prefix) {
        return events.stream()
                .filter(e -> e.getType() == EngagementType.SENT && e.getMessageId().startsWith(prefix)).toList();
    }
}
