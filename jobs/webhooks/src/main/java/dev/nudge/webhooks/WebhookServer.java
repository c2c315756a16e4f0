package dev.nudge.webhooks;

import dev.nudge.platform.kafka.KafkaClientProperties;
import dev.nudge.dispatcher.SendLedgerTopic;
import dev.nudge.dispatcher.ledger.SendLedgerEntry;
import dev.nudge.domain.definition.TrackedLinks;
import dev.nudge.domain.text.Classification;
import dev.nudge.domain.text.ReplyClassifier;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.EngagementType;
import dev.nudge.events.ReplyIntent;
import dev.nudge.events.Tenant;
import dev.nudge.platform.kafka.AvroCodec;
import dev.nudge.platform.topics.TopicAdmin;
import dev.nudge.dispatcher.MetricsEndpoint;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twilio's webhooks and click redirects, as engagements on {@code nudge.engagements}:
 *
 * <ul>
 *   <li>{@code POST /twilio/status?intent=<intentId>}: a delivery receipt → DELIVERED / UNDELIVERED / FAILED, once per
 *       message, status only moving forward.</li>
 *   <li>{@code POST /twilio/inbound}: a text from a customer → OPTED_OUT / OPTED_IN / HELP / REPLIED for the phone it
 *       came from, placed with {@link SenderBrands} (Messaging Service pools, shared numbers), answered with TwiML
 *       ({@link dev.nudge.domain.text.KeywordReplies}: the brand's answer in the customer's language).</li>
 *   <li>{@code GET /l/<token>}: a tap on a text's tracked link ({@code TrackedLinks}) → CLICKED, then a 302 to the
 *       page the send ledger holds for that text; 404 for a token no text carries.</li>
 * </ul>
 * Both Twilio endpoints answer 403 unless {@code X-Twilio-Signature} is valid for the public URL.
 */
public final class WebhookServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);
    private static final Logger ACCESS_LOG = LoggerFactory.getLogger("dev.nudge.webhooks.access");
    /** How long a status callback waits for its intent to show up in the ledger view (the tail may be behind). */
    private static final Duration LEDGER_PATIENCE = Duration.ofMillis(500);

    private final WebhookSettings settings;
    private final TwilioRequestAuth auth;
    private final DeliveryStatuses statuses;
    private final Set<String> inboundSeen;
    private final LedgerView ledger;
    private final SenderBrands senderBrands;
    private final KafkaProducer<String, byte[]> producer;
    private final AvroCodec<EngagementEvent> codec;
    private final Clock clock;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final WebhookStats stats = new WebhookStats(metrics);
    private final ParkedCallbacks parked;
    private final ExecutorService releaser;
    private final InboundSpool inboundSpool;
    private final Javalin app;

    private WebhookServer(WebhookSettings settings, Clock clock, Consumer<String> accessLog) {
        this.settings = settings;
        this.clock = clock;
        this.auth = new TwilioRequestAuth(settings.authToken(), settings.publicBaseUrl());
        this.statuses = new DeliveryStatuses(settings.dedupeCapacity());
        this.inboundSeen = Collections.synchronizedSet(Collections.newSetFromMap(
                new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                        return size() > settings.dedupeCapacity();
                    }
                }));
        TopicAdmin.ensure(settings.bootstrapServers(),
                List.of(settings.topics().engagements(), SendLedgerTopic.of(settings.topics())));
        this.parked = new ParkedCallbacks(settings.guards().parkedCallbackCapacity());
        this.releaser = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "webhooks-parked-callbacks");
            thread.setDaemon(true);
            return thread;
        });
        this.ledger = new LedgerView(settings.bootstrapServers(), settings.topics(),
                new TrackedLinks(settings.guards().linkSecret()), this::releaseParked, metrics);
        this.senderBrands = new SenderBrands(settings.brandBySender(), settings.senderNumbers());
        this.codec = settings.topics().engagements().codec();
        Properties properties = KafkaClientProperties.base();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
        this.inboundSpool = new InboundSpool(settings.guards().spoolDirectory(), producer,
                settings.topics().engagements().name());
        this.app = Javalin.create(config -> {
                    config.showJavalinBanner = false;
                    PublicEdge.install(config, settings.guards(), accessLog);
                })
                .post("/twilio/status", this::status)
                .post("/twilio/inbound", this::inbound)
                .get("/l/{token}", this::click)
                .get("/metrics", ctx -> ctx.contentType(MetricsEndpoint.CONTENT_TYPE).result(metrics.scrape()));
        HealthRoutes.addTo(app, ledger::isTailing);
    }

    public static WebhookServer start(WebhookSettings settings) {
        return start(settings, Clock.systemUTC());
    }

    /** With the clock that stamps the published engagements (simulations run on a simulated one). */
    public static WebhookServer start(WebhookSettings settings, Clock clock) {
        return start(settings, clock, ACCESS_LOG::info);
    }

    /** With where the JSON access log's lines go. */
    static WebhookServer start(WebhookSettings settings, Clock clock, Consumer<String> accessLog) {
        WebhookServer server = new WebhookServer(settings, clock, accessLog);
        server.app.start("127.0.0.1".equals(settings.publicBaseUrl().getHost()) ? "127.0.0.1" : "0.0.0.0",
                settings.port());
        return server;
    }

    /** The port it listens on. */
    public int port() {
        return app.port();
    }

    /**
     * The intent's latest send ledger entry as this server has read it so far (diagnostics, tests, and simulations,
     * which wait for it before their customers answer the text).
     */
    public Optional<SendLedgerEntry> ledgerEntry(String intentId) {
        return ledger.send(intentId);
    }

    public WebhookStats stats() {
        return stats;
    }

    private void status(Context ctx) throws InterruptedException {
        Map<String, String> form = form(ctx);
        if (!signed(ctx, form)) {
            return;
        }
        stats.statusCallback(form.get("MessageStatus"));
        String intentId = ctx.queryParam("intent");
        String sid = form.get("MessageSid");
        String status = form.get("MessageStatus");
        if (intentId == null || sid == null) {
            ctx.status(400);
            return;
        }
        var callback = new ParkedCallbacks.Callback(intentId, sid, status, form.get("ErrorCode"));
        Optional<SendLedgerEntry> send = ledger.awaitSend(intentId, LEDGER_PATIENCE);
        if (send.isEmpty()) {
            // Twilio does not retry a callback answered with an error: keep it until the ledger view reads the intent.
            LOG.info("Status {} for {} (intent {}) parked until the ledger knows the intent", status, sid, intentId);
            stats.parkedCallbacksDropped.addAndGet(parked.park(callback));
            stats.parkedCallbacks.incrementAndGet();
            if (ledger.send(intentId).isPresent()) {
                releaseParked(intentId); // the tail read it between the wait and the parking
            }
            ctx.status(204);
            return;
        }
        report(send.get(), callback);
        ctx.status(204);
    }

    /** Publishes the receipt a callback makes, if it moves the message's status forward. */
    private void report(SendLedgerEntry send, ParkedCallbacks.Callback callback) {
        statuses.reportable(callback.sid(), callback.status()).ifPresent(type -> {
            EngagementEvent.Builder event = event(send, callback.intentId() + ":" + type, type)
                    .setEventTime(settings.receiptTime().stamp(send, clock.instant()))
                    .setMessageId(callback.intentId()).setProviderMessageId(callback.sid());
            if (callback.errorCode() != null) {
                event.setErrorCode(Integer.valueOf(callback.errorCode()));
            }
            publish(event.build());
            stats.receipts.incrementAndGet();
        });
        statuses.advance(callback.sid(), callback.status());
    }

    /** Called from the ledger tail for every intent it reads: reports what was parked for it, off the tail's thread. */
    private void releaseParked(String intentId) {
        List<ParkedCallbacks.Callback> callbacks = parked.release(intentId);
        if (callbacks.isEmpty()) {
            return;
        }
        releaser.execute(() -> {
            SendLedgerEntry send = ledger.send(intentId).orElseThrow();
            for (ParkedCallbacks.Callback callback : callbacks) {
                try {
                    report(send, callback);
                } catch (RuntimeException e) {
                    LOG.warn("Parked status {} for {} not published: {}", callback.status(), callback.sid(), e.toString());
                }
            }
        });
    }

    private void inbound(Context ctx) {
        Map<String, String> form = form(ctx);
        if (!signed(ctx, form)) {
            return;
        }
        stats.inbound.incrementAndGet();
        String from = form.getOrDefault("From", "");
        String to = form.getOrDefault("To", "");
        String text = form.getOrDefault("Body", "");
        String sid = form.getOrDefault("MessageSid", from + ":" + text);
        Classification classification = ReplyClassifier.classify(text);
        EngagementType type = EngagementType.valueOf(classification.engagementKind().name());
        List<EngagementEvent.Builder> events = inboundEvents(from, to, form.get("MessagingServiceSid"), sid, type);
        // The brand the text was for answers it; a text that matches no single brand gets the built-in answer.
        String brand = events.size() == 1 ? events.get(0).getTenant().getBrandId() : "unknown";
        // In the language of the brand's latest text to that phone, else the brand's default.
        String reply = settings.keywordReplies().reply(brand, classification.kind(),
                ledger.latestLocale(from, brand).orElse(null)).orElse(null);
        if (!inboundSeen.contains(sid)) {
            for (EngagementEvent.Builder event : events) {
                event.setPhoneE164(from);
                if (type == EngagementType.REPLIED) {
                    event.setReplyIntent(ReplyIntent.valueOf(classification.intent().name())).setReplyText(text);
                }
                // On disk before Twilio's answer; published from there, so a broker that is down loses no STOP.
                EngagementEvent inboundEvent = event.build();
                inboundSpool.append(inboundEvent.getCustomerId(), codec.encode(inboundEvent));
            }
            inboundSeen.add(sid);
        }
        // Spelt out: without a charset, accented answers ("más", "Répondez") reach Twilio garbled.
        ctx.contentType("application/xml; charset=utf-8").result(twiml(reply));
    }

    /**
     * Whose text it is: the customer of the latest text to {@code from} by a brand of the receiving sender (a
     * Messaging Service's sid, else the number it was sent to), else of any brand when the sender is no brand's;
     * else, when the sender is one brand's, that brand's unknown customer {@code tel:<from>}. An opt-out that matches
     * no single brand suppresses the phone for every brand sharing the receiving number (every brand, when the number
     * is nobody's), and is logged for review.
     */
    private List<EngagementEvent.Builder> inboundEvents(String from, String to, String messagingServiceSid,
                                                        String sid, EngagementType type) {
        Set<String> brands = senderBrands.of(to, messagingServiceSid);
        Optional<SendLedgerEntry> lastText = brands.isEmpty() ? ledger.latestTo(from, to) : ledger.latestTo(from, brands);
        if (lastText.isPresent()) {
            return List.of(event(lastText.get(), "inbound:" + sid, type).setMessageId(lastText.get().getIntentId()));
        }
        if (brands.size() == 1) {
            return List.of(unknownCustomer(brands.iterator().next(), from, "inbound:" + sid, type));
        }
        Set<String> suppressedFor = brands.isEmpty() ? senderBrands.all() : brands;
        // With no brand configured at all, an opt-out is still kept (as brand "unknown"), never dropped.
        if (type != EngagementType.OPTED_OUT || suppressedFor.isEmpty()) {
            return List.of(unknownCustomer("unknown", from, "inbound:" + sid, type));
        }
        LOG.warn("Review: an opt-out from {} to {} matches no single brand; suppressed for {}", from, to, suppressedFor);
        stats.unmatchedOptOuts.incrementAndGet();
        return suppressedFor.stream()
                .map(brand -> unknownCustomer(brand, from, "inbound:" + sid + ":" + brand, type)).toList();
    }

    private EngagementEvent.Builder unknownCustomer(String brand, String from, String eventId, EngagementType type) {
        return EngagementEvent.newBuilder().setEventId(eventId).setTenant(new Tenant(brand, null))
                .setCustomerId("tel:" + from).setEventTime(clock.instant()).setType(type);
    }

    /** The target comes from the ledger, never from the request: an unknown token is a 404, not a redirect. */
    private void click(Context ctx) {
        Optional<SendLedgerEntry> send = ledger.byLinkToken(ctx.pathParam("token"));
        if (send.isEmpty()) {
            stats.unknownLinks.incrementAndGet();
            ctx.status(404);
            return;
        }
        String intentId = send.get().getIntentId();
        if (LinkPreviews.isPreview(ctx.userAgent())) {
            // An app unfurling the link: the page is served, but nobody tapped it (the access log keeps the agent).
            stats.linkPreviews.incrementAndGet();
            ctx.redirect(send.get().getLinkTarget(), io.javalin.http.HttpStatus.FOUND);
            return;
        }
        stats.clicks.incrementAndGet();
        publish(event(send.get(), intentId + ":CLICKED:" + clock.instant().toEpochMilli(), EngagementType.CLICKED)
                .setMessageId(intentId).build());
        ctx.redirect(send.get().getLinkTarget(), io.javalin.http.HttpStatus.FOUND);
    }

    private boolean signed(Context ctx, Map<String, String> form) {
        String pathAndQuery = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        if (auth.isSigned(pathAndQuery, form, ctx.header("X-Twilio-Signature"))) {
            return true;
        }
        stats.forbidden.incrementAndGet();
        ctx.status(403);
        return false;
    }

    private static Map<String, String> form(Context ctx) {
        Map<String, String> form = new LinkedHashMap<>();
        ctx.formParamMap().forEach((name, values) -> form.put(name, values.isEmpty() ? "" : values.get(0)));
        return form;
    }

    private EngagementEvent.Builder event(SendLedgerEntry send, String eventId, EngagementType type) {
        return EngagementEvent.newBuilder()
                .setEventId(eventId)
                .setTenant(new Tenant(send.getBrandId(), send.getLocationId()))
                .setCustomerId(send.getCustomerId())
                .setEventTime(clock.instant())
                .setType(type)
                .setSequenceId(send.getSequenceId())
                .setSequenceVersion(send.getSequenceVersion())
                .setStep(send.getStep())
                .setVariant(send.getVariant());
    }

    private void publish(EngagementEvent event) {
        try {
            producer.send(new ProducerRecord<>(settings.topics().engagements().name(), event.getCustomerId(),
                    codec.encode(event))).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot publish " + event.getEventId(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted publishing " + event.getEventId(), e);
        }
    }

    static String twiml(String message) {
        if (message == null) {
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
        }
        String escaped = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>" + escaped + "</Message></Response>";
    }

    @Override
    public void close() {
        app.stop();
        ledger.close();
        releaser.shutdown();
        inboundSpool.close();
        producer.close(Duration.ofSeconds(5));
    }
}
