package dev.nudge.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.devstack.kafka.KafkaExtension;
import dev.nudge.devstack.metrics.GrafanaDashboard;
import dev.nudge.devstack.metrics.PrometheusScrape;
import dev.nudge.domain.definition.TrackedLinks;
import dev.nudge.devstack.twilio.DeliveryOutcome;
import dev.nudge.devstack.twilio.FakeMessage;
import dev.nudge.devstack.twilio.TwilioFake;
import dev.nudge.dispatcher.Dispatcher;
import dev.nudge.dispatcher.DispatcherSettings;
import dev.nudge.dispatcher.Intents;
import dev.nudge.dispatcher.ledger.SendState;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.EngagementType;
import dev.nudge.events.ReplyIntent;
import dev.nudge.events.SmsIntent;
import dev.nudge.platform.topics.Topics;
import dev.nudge.platform.twilio.TwilioSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The webhook server between a real broker, the real dispatcher sending through the Twilio SDK, and the Twilio fake
 * posting signed status callbacks to the server's public URL.
 */
class WebhookServerITCase {

    private static final Topics TOPICS = Topics.standard();
    private static final String BRAND = Intents.BRAND;
    private static final String SENDER = Intents.SENDER;
    private static final String TOKEN = TwilioFake.DEV_AUTH_TOKEN;
    private static final String LINK_SECRET = "link-secret-of-the-webhook-test";
    private static final TrackedLinks LINKS = new TrackedLinks(LINK_SECRET);

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension();

    private static TwilioFake twilio;
    private static WebhookServer webhooks;
    private static String publicBase;
    private static Dispatcher dispatcher;
    private static KafkaProducer<String, byte[]> outbox;
    private static EngagementLog engagements;
    private static final TwilioCallbacks HTTP = new TwilioCallbacks();

    @BeforeAll
    static void start() {
        twilio = TwilioFake.start(TwilioFake.DEV_ACCOUNT_SID, TOKEN);
        int port = freeLoopbackPort();
        publicBase = "http://127.0.0.1:" + port;
        webhooks = WebhookServer.start(WebhookSettings.of(KAFKA.bootstrapServers(), TOKEN, URI.create(publicBase),
                port, Map.of(SENDER, BRAND)).withGuards(WebhookGuards.defaults().withLinkSecret(LINK_SECRET)));
        dispatcher = Dispatcher.start(DispatcherSettings.builder(KAFKA.bootstrapServers(),
                        TwilioSettings.of(TwilioFake.DEV_ACCOUNT_SID, TOKEN)
                                .withApiBaseUrl(URI.create(twilio.baseUrl()))
                                .withReadTimeout(Duration.ofSeconds(3)))
                .groupId("webhooks-it")
                .senders(Map.of(BRAND, SENDER))
                .webhookBase(URI.create(publicBase))
                .sendsPerSecondPerSender(1_000)
                .build());
        outbox = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        engagements = new EngagementLog(KAFKA.bootstrapServers(), TOPICS.engagements());
    }

    @AfterAll
    static void stop() {
        engagements.close();
        outbox.close();
        dispatcher.close();
        webhooks.close();
        twilio.close();
    }

    @Test
    void deliveryReceiptsBecomeEngagementsOfTheIntentAndReplaysChangeNothing() {
        twilio.finalStatus("+12125550103", DeliveryOutcome.UNDELIVERED);
        send(intent("dlr-1", "c-dlr-1", "+12125550101"), intent("dlr-2", "c-dlr-2", "+12125550102"),
                intent("dlr-3", "c-dlr-3", "+12125550103"));

        List<EngagementEvent> receipts = engagements.await(
                e -> e.getMessageId() != null && e.getMessageId().startsWith("dlr-") && e.getType() != EngagementType.SENT,
                events -> events.size() >= 3, "three delivery receipts");
        Map<String, String> sids = sentSids("dlr-");
        assertThat(receipts).hasSize(3).allSatisfy(event -> {
            assertThat(event.getEventId()).isEqualTo(event.getMessageId() + ":" + event.getType());
            assertThat(event.getCustomerId()).isEqualTo("c-" + event.getMessageId());
            assertThat(event.getTenant().getBrandId()).isEqualTo(BRAND);
            assertThat(event.getSequenceId()).isEqualTo("after-beans");
            assertThat(event.getProviderMessageId()).isEqualTo(sids.get(event.getMessageId()));
        });
        assertThat(receipts).filteredOn(e -> e.getType() == EngagementType.DELIVERED)
                .extracting(EngagementEvent::getMessageId).containsExactlyInAnyOrder("dlr-1", "dlr-2");
        assertThat(receipts).filteredOn(e -> e.getType() == EngagementType.UNDELIVERED).singleElement()
                .satisfies(e -> {
                    assertThat(e.getMessageId()).isEqualTo("dlr-3");
                    assertThat(e.getErrorCode()).isEqualTo(30003);
                });

        // Twilio posting the very same callbacks again (same body, same signature) adds nothing.
        int before = engagements.readToEnd().size();
        for (String intentId : List.of("dlr-1", "dlr-3")) {
            FakeMessage message = messageOf(intentId);
            for (String status : List.of("sent", message.status())) {
                Map<String, String> params = callbackParams(message, status);
                String signature = TwilioCallbacks.sign(TOKEN, message.statusCallback(), params);
                for (int i = 0; i < 2; i++) {
                    assertThat(HTTP.post(message.statusCallback(), params, signature).statusCode()).isEqualTo(204);
                }
            }
        }
        assertThat(engagements.readToEnd()).hasSize(before);
    }

    @Test
    void callbacksOutOfOrderAndTwiceEndInTheRightFinalStatus() {
        twilio.finalStatus("+12125550202", DeliveryOutcome.UNDELIVERED);
        sendWithoutCallbacks(intent("ooo-1", "c-ooo-1", "+12125550201"), intent("ooo-2", "c-ooo-2", "+12125550202"));

        FakeMessage delivered = messageOf("ooo-1");
        for (String status : List.of("delivered", "delivered", "sent", "queued", "sent", "undelivered")) {
            assertThat(postCallback(delivered, status).statusCode()).isEqualTo(204);
        }
        FakeMessage undelivered = messageOf("ooo-2");
        for (String status : List.of("undelivered", "sent", "undelivered", "delivered", "sending")) {
            assertThat(postCallback(undelivered, status).statusCode()).isEqualTo(204);
        }

        // The server publishes before it answers, so everything it will ever publish for these is on the topic now.
        assertThat(receiptsOf("ooo-1")).singleElement()
                .satisfies(e -> assertThat(e.getType()).isEqualTo(EngagementType.DELIVERED));
        assertThat(receiptsOf("ooo-2")).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(EngagementType.UNDELIVERED);
            assertThat(e.getErrorCode()).isEqualTo(30003);
        });
    }

    @Test
    void forgedCallbacksAreRefusedAndPublishNothing() {
        sendWithoutCallbacks(intent("forged-1", "c-forged-1", "+12125550301"));
        FakeMessage message = messageOf("forged-1");
        String url = message.statusCallback();
        Map<String, String> params = callbackParams(message, "delivered");

        Map<String, String> tampered = new LinkedHashMap<>(params);
        tampered.put("MessageStatus", "undelivered");
        assertThat(HTTP.post(url, tampered, TwilioCallbacks.sign(TOKEN, url, params)).statusCode()).isEqualTo(403);
        assertThat(HTTP.postSigned("not-the-auth-token", url, params).statusCode()).isEqualTo(403);
        String otherHost = url.replace("127.0.0.1", "hooks.evil.example");
        assertThat(HTTP.post(url, params, TwilioCallbacks.sign(TOKEN, otherHost, params)).statusCode()).isEqualTo(403);
        String otherIntent = url.replace("forged-1", "dlr-1");
        assertThat(HTTP.post(otherIntent, params, TwilioCallbacks.sign(TOKEN, url, params)).statusCode())
                .isEqualTo(403);
        assertThat(HTTP.post(url, params, null).statusCode()).isEqualTo(403);
        String inbound = publicBase + "/twilio/inbound";
        Map<String, String> stop = inboundParams("SMforgedstop", message.to(), "STOP");
        assertThat(HTTP.postSigned("not-the-auth-token", inbound, stop).statusCode()).isEqualTo(403);

        assertThat(engagements.ofIntent("forged-1")).extracting(EngagementEvent::getType)
                .containsExactly(EngagementType.SENT);
        assertThat(engagements.readToEnd()).noneMatch(e -> "c-forged-1".equals(e.getCustomerId())
                && e.getType() != EngagementType.SENT);

        // The genuine callback still counts: the refusals left no trace in the status memory.
        assertThat(HTTP.postSigned(TOKEN, url, params).statusCode()).isEqualTo(204);
        assertThat(receiptsOf("forged-1")).extracting(EngagementEvent::getType)
                .containsExactly(EngagementType.DELIVERED);
    }

    @Test
    void inboundTextsAreClassifiedForTheRightCustomerAndAnsweredWithTwiml() {
        sendWithoutCallbacks(intent("in-1", "c-in-1", "+12125550401"), intent("in-2", "c-in-2", "+12125550402"),
                intent("in-3", "c-in-3", "+12125550403"), intent("in-4", "c-in-4", "+12125550404"));
        String inbound = publicBase + "/twilio/inbound";

        HttpResponse<String> stop = HTTP.postSigned(TOKEN, inbound, inboundParams("SMin1", "+12125550401", "STOP"));
        HttpResponse<String> plainStop = HTTP.postSigned(TOKEN, inbound,
                inboundParams("SMin2", "+12125550402", "please stop texting me"));
        HttpResponse<String> help = HTTP.postSigned(TOKEN, inbound, inboundParams("SMin3", "+12125550403", "HELP"));
        HttpResponse<String> question = HTTP.postSigned(TOKEN, inbound,
                inboundParams("SMin4", "+12125550404", "is this decaf?"));

        for (HttpResponse<String> response : List.of(stop, plainStop, help, question)) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/xml"));
        }
        assertThat(stop.body()).contains("<Response><Message>You will get no more texts from us.");
        assertThat(plainStop.body()).isEqualTo(stop.body());
        assertThat(help.body()).contains("<Message>Reply STOP to stop these texts").contains("Msg&amp;data");
        assertThat(question.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");

        assertThat(onlyEngagementOf("c-in-1")).satisfies(e -> {
            assertThat(e.getType()).isEqualTo(EngagementType.OPTED_OUT);
            assertThat(e.getMessageId()).isEqualTo("in-1");
            assertThat(e.getEventId()).isEqualTo("inbound:SMin1");
        });
        assertThat(onlyEngagementOf("c-in-2").getType()).isEqualTo(EngagementType.OPTED_OUT);
        assertThat(onlyEngagementOf("c-in-3").getType()).isEqualTo(EngagementType.HELP);
        assertThat(onlyEngagementOf("c-in-4")).satisfies(e -> {
            assertThat(e.getType()).isEqualTo(EngagementType.REPLIED);
            assertThat(e.getReplyIntent()).isEqualTo(ReplyIntent.QUESTION);
            assertThat(e.getReplyText()).isEqualTo("is this decaf?");
        });
        // The dispatcher reads the opt-outs: those customers get no more texts.
        await(() -> dispatcher.optedOutSince(BRAND, "c-in-1").isPresent()
                && dispatcher.optedOutSince(BRAND, "c-in-2").isPresent(), "the dispatcher to learn of both opt-outs");

        // Twilio retrying an inbound webhook (same MessageSid) is answered again but not reported twice.
        assertThat(HTTP.postSigned(TOKEN, inbound, inboundParams("SMin1", "+12125550401", "STOP")).body())
                .isEqualTo(stop.body());
        assertThat(onlyEngagementOf("c-in-1").getEventId()).isEqualTo("inbound:SMin1");
    }

    @Test
    void aTrackedLinkInTheTextRedirectsToItsPageAndCountsAnUnknownOneIsNotARedirect() {
        String target = "https://shop.example.com/p/pour-over-kit?ref=sms&v=2";
        String link = LINKS.link(publicBase + "/l", "click-1");
        SmsIntent withLink = SmsIntent.newBuilder(intent("click-1", "c-click-1", "+12125550501"))
                .setBody("A pour-over kit goes well with those beans: " + link + " [click-1]").setLinkTarget(target).build();
        sendWithoutCallbacks(withLink, intent("no-link-1", "c-click-2", "+12125550502"));
        assertThat(messageOf("click-1").body()).contains(link);

        HttpResponse<String> click = HTTP.get(link);
        assertThat(click.statusCode()).isEqualTo(302);
        assertThat(click.headers().firstValue("Location")).hasValue(target);
        assertThat(engagements.ofIntent("click-1")).filteredOn(e -> e.getType() == EngagementType.CLICKED)
                .singleElement().satisfies(e -> assertThat(e.getCustomerId()).isEqualTo("c-click-1"));

        // Tokens of texts without a link, made up, or with a target glued on: none redirects anywhere.
        String unknown = LINKS.link(publicBase + "/l", "no-link-1");
        for (String other : List.of(unknown, publicBase + "/l/AAAAAAAAAAA", link + "?u=https://evil.example/")) {
            HttpResponse<String> refused = HTTP.get(other);
            if (other.startsWith(link)) {
                assertThat(refused.headers().firstValue("Location")).as(other).hasValue(target);
            } else {
                assertThat(refused.statusCode()).as(other).isEqualTo(404);
                assertThat(refused.headers().firstValue("Location")).isEmpty();
            }
        }
        assertThat(engagements.readToEnd()).filteredOn(e -> e.getType() == EngagementType.CLICKED)
                .extracting(EngagementEvent::getMessageId).containsExactly("click-1", "click-1");
        assertThat(webhooks.stats().unknownLinks()).isEqualTo(2);
    }

    @Test
    void itsPrometheusEndpointCountsCallbacksByStatusAndTheLedger() throws Exception {
        URI endpoint = URI.create(publicBase + "/metrics");
        PrometheusScrape before = PrometheusScrape.of(endpoint);
        sendWithoutCallbacks(intent("metrics-1", "c-metrics-1", "+12125550601"));
        FakeMessage message = messageOf("metrics-1");
        assertThat(postCallback(message, "sent").statusCode()).isEqualTo(204);
        assertThat(postCallback(message, "delivered").statusCode()).isEqualTo(204);
        assertThat(HTTP.post(message.statusCallback(), callbackParams(message, "failed"), null).statusCode())
                .isEqualTo(403);

        PrometheusScrape after = PrometheusScrape.of(endpoint);
        Files.writeString(Path.of("target/webhooks-scrape.txt"), after.text());
        assertThat(delta(before, after, "nudge_webhooks_status_callbacks_total", Map.of("status", "sent"))).isEqualTo(1);
        assertThat(delta(before, after, "nudge_webhooks_status_callbacks_total", Map.of("status", "delivered")))
                .isEqualTo(1);
        assertThat(delta(before, after, "nudge_webhooks_status_callbacks_total", Map.of("status", "failed"))).isZero();
        assertThat(delta(before, after, "nudge_webhooks_receipts_total", Map.of())).isEqualTo(1);
        assertThat(delta(before, after, "nudge_webhooks_forbidden_total", Map.of())).isEqualTo(1);
        assertThat(delta(before, after, "nudge_webhooks_ledger_intents", Map.of())).isEqualTo(1);
        assertThat(after.has("kafka_consumer_fetch_manager_records_lag_max")).isTrue();
        Path dashboard = Path.of(System.getProperty("nudge.root"), "deploy/grafana/nudge-operations.json");
        assertThat(GrafanaDashboard.metricNames(dashboard, "nudge_webhooks_")).isNotEmpty()
                .allSatisfy(name -> assertThat(after.has(name)).as(name).isTrue());
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String name, Map<String, String> labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private static SmsIntent intent(String intentId, String customerId, String phone) {
        return Intents.intent(intentId, customerId, phone).build();
    }

    /** Puts the intents in the outbox and waits until the dispatcher reported each SENT. */
    private static void send(SmsIntent... intents) {
        for (SmsIntent intent : intents) {
            outbox.send(new ProducerRecord<>(TOPICS.outbox().name(), intent.getCustomerId(),
                    TOPICS.outbox().codec().encode(intent)));
        }
        outbox.flush();
        Set<String> ids = java.util.Arrays.stream(intents).map(SmsIntent::getIntentId).collect(Collectors.toSet());
        engagements.await(e -> e.getType() == EngagementType.SENT && ids.contains(e.getMessageId()),
                sent -> sent.size() >= ids.size(), "SENT for " + ids);
    }

    /**
     * Sends with the fake's callbacks off, so the test posts them itself; waits until Twilio has settled them and the
     * server has read their SENT ledger entries (the ledger is written after the SENT engagement).
     */
    private static void sendWithoutCallbacks(SmsIntent... intents) {
        twilio.statusCallbacks(false);
        try {
            send(intents);
            for (SmsIntent intent : intents) {
                await(() -> Set.of("delivered", "undelivered", "failed").contains(messageOf(intent.getIntentId())
                        .status()), intent.getIntentId() + " settled at the fake");
                await(() -> webhooks.ledgerEntry(intent.getIntentId())
                                .filter(entry -> entry.getState() == SendState.SENT).isPresent(),
                        intent.getIntentId() + " SENT in the server's ledger view");
            }
        } finally {
            twilio.statusCallbacks(true);
        }
    }

    private static FakeMessage messageOf(String intentId) {
        return twilio.messages().stream().filter(m -> m.body().endsWith("[" + intentId + "]")).findFirst()
                .orElseThrow(() -> new AssertionError("no message for " + intentId));
    }

    private static Map<String, String> sentSids(String prefix) {
        return engagements.readToEnd().stream()
                .filter(e -> e.getType() == EngagementType.SENT && e.getMessageId().startsWith(prefix))
                .collect(Collectors.toMap(EngagementEvent::getMessageId, EngagementEvent::getProviderMessageId));
    }

    private static List<EngagementEvent> receiptsOf(String intentId) {
        return engagements.ofIntent(intentId).stream().filter(e -> e.getType() != EngagementType.SENT).toList();
    }

    private static EngagementEvent onlyEngagementOf(String customerId) {
        List<EngagementEvent> events = engagements.readToEnd().stream()
                .filter(e -> customerId.equals(e.getCustomerId()) && e.getType() != EngagementType.SENT).toList();
        assertThat(events).as("engagements of " + customerId).hasSize(1);
        return events.get(0);
    }

    /** What Twilio posts to a message's StatusCallback at {@code status}. */
    private static Map<String, String> callbackParams(FakeMessage message, String status) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", message.accountSid());
        params.put("ApiVersion", "2010-04-01");
        params.put("From", message.from());
        params.put("MessageSid", message.sid());
        params.put("MessageStatus", status);
        params.put("SmsSid", message.sid());
        params.put("SmsStatus", status);
        params.put("To", message.to());
        if (status.equals("undelivered") || status.equals("failed")) {
            params.put("ErrorCode", "30003");
        }
        return params;
    }

    private static HttpResponse<String> postCallback(FakeMessage message, String status) {
        return HTTP.postSigned(TOKEN, message.statusCallback(), callbackParams(message, status));
    }

    /** What Twilio posts to the inbound webhook when a customer texts our number. */
    private static Map<String, String> inboundParams(String messageSid, String from, String body) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", TwilioFake.DEV_ACCOUNT_SID);
        params.put("ApiVersion", "2010-04-01");
        params.put("Body", body);
        params.put("From", from);
        params.put("MessageSid", messageSid);
        params.put("NumMedia", "0");
        params.put("NumSegments", "1");
        params.put("SmsMessageSid", messageSid);
        params.put("To", SENDER);
        return params;
    }

    private static void await(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(EngagementLog.DEADLINE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
