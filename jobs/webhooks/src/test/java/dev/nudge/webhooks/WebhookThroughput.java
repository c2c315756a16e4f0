package dev.nudge.webhooks;

import dev.nudge.devstack.kafka.EmbeddedKafka;
import dev.nudge.devstack.twilio.FakeMessage;
import dev.nudge.devstack.twilio.TwilioFake;
import dev.nudge.dispatcher.Dispatcher;
import dev.nudge.dispatcher.DispatcherSettings;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.EngagementType;
import dev.nudge.events.SmsIntent;
import dev.nudge.events.Tenant;
import dev.nudge.platform.topics.Topics;
import dev.nudge.platform.twilio.TwilioSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Not a test: two rates on loopback with a private in-JVM broker. (a) The dispatcher's texts/s for {@code texts}
 * intents against the Twilio fake (status callbacks off, rate limit out of the way, default 8 concurrent sends).
 * (b) The webhook server's requests/s for {@code 4 × texts} signed status callbacks (queued, sending, sent, delivered
 * per text) posted from 8 threads, each waited for. Args: {@code [texts]} (default 5000).
 */
public final class WebhookThroughput {

    private static final String BRAND = "acme";
    private static final String SENDER = "+15005550006";
    private static final String TOKEN = TwilioFake.DEV_AUTH_TOKEN;
    private static final int CALLBACK_THREADS = 8;
    private static final List<String> STATUSES = List.of("queued", "sending", "sent", "delivered");

    private WebhookThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int texts = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        Topics topics = Topics.standard();
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                TwilioFake twilio = TwilioFake.start(TwilioFake.DEV_ACCOUNT_SID, TOKEN)) {
            twilio.statusCallbacks(false);
            int port = WebhookServerITCase.freeLoopbackPort();
            URI publicBase = URI.create("http://127.0.0.1:" + port);
            try (WebhookServer webhooks = WebhookServer.start(WebhookSettings.of(kafka.bootstrapServers(), TOKEN,
                    publicBase, port, Map.of(SENDER, BRAND)));
                    EngagementLog engagements = new EngagementLog(kafka.bootstrapServers(), topics.engagements())) {
                fillOutbox(kafka.bootstrapServers(), topics, texts);
                double textsPerSecond = dispatch(kafka.bootstrapServers(), twilio, publicBase, texts);
                double requestsPerSecond = postCallbacks(twilio.messages());
                long delivered = engagements.readToEnd().stream()
                        .filter(e -> e.getType() == EngagementType.DELIVERED).count();
                System.out.printf("dispatcher: %d texts in the fake at %.0f texts/s%n", texts, textsPerSecond);
                System.out.printf("webhooks: %d signed status callbacks from %d threads at %.0f requests/s, "
                        + "%d DELIVERED engagements%n", texts * STATUSES.size(), CALLBACK_THREADS, requestsPerSecond,
                        delivered);
                if (delivered != texts) {
                    throw new IllegalStateException("expected " + texts + " DELIVERED, got " + delivered);
                }
            }
        }
    }

    /**
     * Idempotence off: on an overloaded machine an expired batch left the idempotent producer retrying an
     * out-of-order sequence for ever; here a failed send simply fails the run.
     */
    private static void fillOutbox(String bootstrapServers, Topics topics, int texts) throws Exception {
        List<Future<?>> sends = new ArrayList<>();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers, ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false"),
                new StringSerializer(), new ByteArraySerializer())) {
            dev.nudge.platform.topics.TopicAdmin.ensure(bootstrapServers, List.of(topics.outbox()));
            Instant now = Instant.now();
            for (int i = 0; i < texts; i++) {
                SmsIntent intent = SmsIntent.newBuilder().setIntentId("t-" + i).setTenant(new Tenant(BRAND, null))
                        .setCustomerId("c-" + i).setCreatedAt(now).setNotAfter(now.plus(Duration.ofHours(1)))
                        .setToPhone(String.format("+1212%07d", i)).setBody("Beans are back in stock [t-" + i + "]")
                        .setLocale("en-US").setTimeZone("UTC").setQuietStartMinute(0).setQuietEndMinute(0)
                        .setSequenceId("restock").setSequenceVersion(1).setStep(1).setTriggerId("o-" + i)
                        .setVariant("A").build();
                sends.add(producer.send(new ProducerRecord<>(topics.outbox().name(), intent.getCustomerId(),
                        topics.outbox().codec().encode(intent))));
            }
            for (Future<?> send : sends) {
                send.get(2, java.util.concurrent.TimeUnit.MINUTES);
            }
        }
    }

    /** Starts a dispatcher on the filled outbox and times it until every text is SENT. */
    private static double dispatch(String bootstrapServers, TwilioFake twilio, URI publicBase, int texts) {
        DispatcherSettings settings = DispatcherSettings.builder(bootstrapServers,
                        TwilioSettings.of(TwilioFake.DEV_ACCOUNT_SID, TOKEN).withApiBaseUrl(URI.create(twilio.baseUrl())))
                .senders(Map.of(BRAND, SENDER))
                .webhookBase(publicBase)
                .sendsPerSecondPerSender(1_000_000)
                .build();
        try (Dispatcher dispatcher = Dispatcher.start(settings)) {
            long start = System.nanoTime();
            Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
            while (dispatcher.stats().sent() < texts) {
                if (Instant.now().isAfter(deadline) || !dispatcher.isRunning()) {
                    throw new IllegalStateException("dispatcher stuck at " + dispatcher.stats(), dispatcher.failure());
                }
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
            return texts / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Signs every callback first, then posts them from 8 threads, each text's statuses in order. */
    private static double postCallbacks(List<FakeMessage> messages) throws Exception {
        List<List<HttpRequest>> perThread = new ArrayList<>();
        for (int t = 0; t < CALLBACK_THREADS; t++) {
            perThread.add(new ArrayList<>());
        }
        for (int i = 0; i < messages.size(); i++) {
            FakeMessage message = messages.get(i);
            for (String status : STATUSES) {
                Map<String, String> params = new java.util.LinkedHashMap<>();
                params.put("AccountSid", message.accountSid());
                params.put("ApiVersion", "2010-04-01");
                params.put("From", message.from());
                params.put("MessageSid", message.sid());
                params.put("MessageStatus", status);
                params.put("SmsSid", message.sid());
                params.put("SmsStatus", status);
                params.put("To", message.to());
                perThread.get(i % CALLBACK_THREADS).add(HttpRequest.newBuilder(URI.create(message.statusCallback()))
                        .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                        .header("X-Twilio-Signature", TwilioCallbacks.sign(TOKEN, message.statusCallback(), params))
                        .POST(HttpRequest.BodyPublishers.ofString(TwilioCallbacks.formBody(params)))
                        .build());
            }
        }
        ExecutorService threads = Executors.newFixedThreadPool(CALLBACK_THREADS);
        try {
            long start = System.nanoTime();
            List<Future<Integer>> done = new ArrayList<>();
            for (List<HttpRequest> requests : perThread) {
                done.add(threads.submit(() -> {
                    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    for (HttpRequest request : requests) {
                        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status != 204) {
                            throw new IllegalStateException(request.uri() + " answered " + status);
                        }
                    }
                    return requests.size();
                }));
            }
            int posted = 0;
            for (Future<Integer> future : done) {
                posted += future.get();
            }
            return posted / ((System.nanoTime() - start) / 1e9);
        } finally {
            threads.shutdownNow();
        }
    }
}
