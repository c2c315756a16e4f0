package dev.nudge.demo.compliance;

import dev.nudge.devstack.Await;
import dev.nudge.devstack.ManualClock;
import dev.nudge.devstack.kafka.ConsumerProgress;
import dev.nudge.devstack.twilio.FakeMessage;
import dev.nudge.devstack.twilio.TwilioFake;
import dev.nudge.devstack.twilio.TwilioWebhookClient;
import dev.nudge.dispatcher.Dispatcher;
import dev.nudge.dispatcher.DispatcherHooks;
import dev.nudge.dispatcher.DispatcherSettings;
import dev.nudge.dispatcher.ledger.SendState;
import dev.nudge.domain.definition.DefinitionParseResult;
import dev.nudge.domain.definition.DefinitionParser;
import dev.nudge.domain.engine.EngineSettings;
import dev.nudge.domain.policy.ContactCaps;
import dev.nudge.events.BrowseAction;
import dev.nudge.events.BrowseEvent;
import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.ConsentChange;
import dev.nudge.events.CustomerEvent;
import dev.nudge.events.CustomerEventType;
import dev.nudge.events.DecisionOutcome;
import dev.nudge.events.EngagementEvent;
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
import dev.nudge.webhooks.WebhookServer;
import dev.nudge.webhooks.WebhookSettings;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real parts a text goes through, on one in-JVM broker and one {@link ManualClock}: the sequencer job on the
 * caller's Flink MiniCluster (event time), the dispatcher sending through the Twilio SDK to the Twilio-compatible
 * server, and the webhook service that turns texts from phones into engagements. A compliance case scripts a
 * customer's history through the doors production uses (Kafka topics, signed inbound webhooks) and then reads which
 * texts reached the Twilio server, the only place that counts.
 *
 * <p>Brands, each with its own catalog and the same checkout sequence ({@link #STEP_0_DELAY} after a coffee
 * checkout, then {@link #STEP_1_DELAY} later):
 * <ul>
 *   <li>{@link #ALPHA} sends from its own number {@link #ALPHA_NUMBER};</li>
 *   <li>{@link #BETA} sends through a Messaging Service {@link #BETA_SERVICE} whose pool numbers are
 *       {@link #BETA_POOL}: a reply's To is a pool number, never the service sid;</li>
 *   <li>{@link #GAMMA} sends from {@link #GAMMA_NUMBER};</li>
 *   <li>{@link #SHARED_NUMBER} is a number both {@link #ALPHA} and {@link #GAMMA} list, from which neither sends.</li>
 * </ul>
 * A hidden brand ({@code probe}) serves {@link #settle()}: its texts prove that event time has passed a moment and
 * that the texts due before it have been decided.
 *
 * <p>Cases share one stack, so they share the clock: each starts at {@link #nextDay()} (noon in New York, later than
 * anything before) and uses its own customers and phone numbers.
 */
public final class ComplianceHarness implements AutoCloseable {

    public static final Topics TOPICS = Topics.standard();
    public static final String ALPHA = "alpha";
    public static final String BETA = "beta";
    public static final String GAMMA = "gamma";
    public static final String ALPHA_NUMBER = "+15005550001";
    public static final String GAMMA_NUMBER = "+15005550003";
    public static final String BETA_SERVICE = "MG" + "b".repeat(32);
    public static final List<String> BETA_POOL = List.of("+15005550201", "+15005550202");
    public static final String SHARED_NUMBER = "+15005550999";
    public static final String SEQUENCE = "compliance-checkout";
    public static final Duration STEP_0_DELAY = Duration.ofMinutes(1);
    public static final Duration STEP_1_DELAY = Duration.ofHours(1);
    /** Quiet customers are forgotten (behaviour only, once the rules say so) after this long. */
    public static final Duration RETENTION = Duration.ofDays(30);
    public static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static final String PROBE = "probe";
    private static final String PROBE_NUMBER = "+15005550777";
    private static final Duration PROBE_DELAY = Duration.ofSeconds(2);
    private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(1);
    private static final String SEQUENCER_GROUP = "compliance-sequencer";
    private static final String DISPATCHER_GROUP = "compliance-dispatcher";
    private static final Instant FIRST_DAY = Instant.parse("2026-03-02T17:00:00Z"); // a Monday, noon in New York

    private final String bootstrapServers;
    private final ManualClock clock = new ManualClock(FIRST_DAY);
    private final TopicClient kafka;
    private final TwilioFake twilio;
    private final WebhookServer webhooks;
    private final String publicBase;
    private final TwilioWebhookClient phones = new TwilioWebhookClient(TwilioFake.DEV_AUTH_TOKEN);
    private final JobClient sequencer;
    private final AtomicInteger probes = new AtomicInteger();
    /** Texts the dispatcher was seen to settle: {@link #awaitDispatched()} does not ask for them again. */
    private final Set<String> dispatched = new HashSet<>();
    private final AtomicInteger inboundSids = new AtomicInteger();
    private Dispatcher dispatcher;
    private Instant day = FIRST_DAY;

    private ComplianceHarness(String bootstrapServers) throws Exception {
        this.bootstrapServers = bootstrapServers;
        this.kafka = new TopicClient(bootstrapServers);
        this.twilio = TwilioFake.start(TwilioFake.DEV_ACCOUNT_SID, TwilioFake.DEV_AUTH_TOKEN).statusCallbacks(true)
                .clock(clock);
        int port = freeLoopbackPort();
        this.publicBase = "http://127.0.0.1:" + port;
        this.webhooks = WebhookServer.start(WebhookSettings.of(bootstrapServers, TwilioFake.DEV_AUTH_TOKEN,
                URI.create(publicBase), port, brandBySender()).withSenderNumbers(Map.of(
                        BETA_SERVICE, BETA_POOL, ALPHA_NUMBER, List.of(SHARED_NUMBER),
                        GAMMA_NUMBER, List.of(SHARED_NUMBER))), clock);
        this.dispatcher = startDispatcher();
        this.sequencer = startSequencer();
        publishCatalogsAndSequences();
    }

    /** Starts the stack; the caller provides the broker (with {@link #TOPICS} created) and a Flink MiniCluster. */
    public static ComplianceHarness start(String bootstrapServers) throws Exception {
        return new ComplianceHarness(bootstrapServers);
    }

    public ManualClock clock() {
        return clock;
    }

    /** Noon in New York on a day after everything played so far; sets the clock there. */
    public Instant nextDay() {
        Instant now = clock.instant();
        while (!day.isAfter(now.plus(Duration.ofHours(1)))) {
            day = day.plus(Duration.ofDays(1));
        }
        clock.set(day);
        return day;
    }

    /** Moves the clock forward to {@code at} (inputs are stamped with the clock); nothing is waited for. */
    public void moveTo(Instant at) {
        clock.advance(Duration.between(clock.instant(), at));
    }

    /** Moves the clock to {@code at} and lets everything due until then happen ({@link #settle()}). */
    public void runUntil(Instant at) {
        moveTo(at);
        settle();
    }

    // ---- the doors ----------------------------------------------------------------------------------------------

    /** A SIGN_UP with the customer's phone, New York time and a first name; no consent. */
    public void signUp(String brand, String customerId, String phone) {
        customerEvent(CustomerEvent.newBuilder().setEventId(customerId + ":sign-up:" + clock.instant().toEpochMilli())
                .setTenant(new Tenant(brand, null)).setCustomerId(customerId).setEventTime(clock.instant())
                .setType(CustomerEventType.SIGN_UP).setPhoneE164(phone).setTimeZone(NEW_YORK.getId())
                .setLocale("en-US").setFirstName("Pat").build());
    }

    /** Marketing consent given at {@code at} (possibly earlier than the clock: it arrives late), naming {@code phone} if not null. */
    public void grantConsent(String brand, String customerId, Instant at, String phone) {
        customerEvent(consentEvent(brand, customerId, at, CustomerEventType.CONSENT_GRANTED, phone));
    }

    public void revokeConsent(String brand, String customerId, Instant at) {
        customerEvent(consentEvent(brand, customerId, at, CustomerEventType.CONSENT_REVOKED, null));
    }

    /** A profile change to a new phone number, with no consent of its own. */
    /** An erasure request (privacy law): everything kept about the customer goes. */
    public void erase(String brand, String customerId) {
        customerEvent(CustomerEvent.newBuilder().setEventId(customerId + ":erased")
                .setTenant(new Tenant(brand, null)).setCustomerId(customerId).setEventTime(clock.instant())
                .setType(CustomerEventType.CUSTOMER_ERASED).build());
    }

    public void changePhone(String brand, String customerId, String phone) {
        customerEvent(CustomerEvent.newBuilder().setEventId(customerId + ":phone:" + phone)
                .setTenant(new Tenant(brand, null)).setCustomerId(customerId).setEventTime(clock.instant())
                .setType(CustomerEventType.PROFILE_CHANGED).setPhoneE164(phone).build());
    }

    public void customerEvent(CustomerEvent event) {
        kafka.send(TOPICS.customers(), event.getCustomerId(), event);
    }

    /** An engagement on the topic, exactly as given: a replay of one the webhook service published, for example. */
    public void engagement(EngagementEvent event) {
        kafka.send(TOPICS.engagements(), event.getCustomerId(), event);
    }

    /** A checkout of coffee beans now, which starts the checkout sequence. */
    public void checkout(String brand, String customerId) {
        Instant at = clock.instant();
        String orderId = customerId + "-" + at.toEpochMilli();
        LineItem beans = new LineItem("coffee-beans", "coffee beans", "coffee", 1, 1800L, "USD");
        kafka.send(TOPICS.purchases(), customerId, PurchaseEvent.newBuilder().setEventId(orderId)
                .setTenant(new Tenant(brand, null)).setCustomerId(customerId).setEventTime(at).setOrderId(orderId)
                .setLines(List.of(beans)).setTotalMinor(1800L).setCurrency("USD").setChannel(SalesChannel.ONLINE)
                .build());
    }

    /** {@code from} texts {@code body} to our number {@code to}, as Twilio posts it to the webhook service. */
    public HttpResponse<String> textIn(String from, String to, String body) {
        return textIn(from, to, null, body);
    }

    /** The same, to a pool number of a Messaging Service: Twilio then adds the service's sid to the request. */
    public HttpResponse<String> textIn(String from, String to, String messagingServiceSid, String body) {
        String sid = "SM" + String.format("%032d", inboundSids.incrementAndGet());
        Map<String, String> params = new LinkedHashMap<>(Map.of("AccountSid", TwilioFake.DEV_ACCOUNT_SID,
                "ApiVersion", "2010-04-01", "Body", body, "From", from, "MessageSid", sid, "NumMedia", "0",
                "NumSegments", "1", "SmsMessageSid", sid, "SmsStatus", "received", "To", to));
        if (messagingServiceSid != null) {
            params.put("MessagingServiceSid", messagingServiceSid);
        }
        HttpResponse<String> answer = phones.postSigned(publicBase + "/twilio/inbound", params);
        assertThat(answer.statusCode()).as("inbound " + body + " from " + from).isEqualTo(200);
        return answer;
    }

    // ---- waiting ------------------------------------------------------------------------------------------------

    /**
     * Lets everything published so far take effect, and every step due until now be decided and dispatched: a probe
     * customer signs up and is texted {@link #PROBE_DELAY} later; once that text is in the outbox, event time has
     * passed now on every input (inputs published earlier were read before it, and every text due before it was
     * decided and committed with it); then, if the dispatcher runs, waits until it has settled every text in the
     * outbox. Moves the clock a few seconds.
     */
    public void settle() {
        String probe = "probe-" + probes.incrementAndGet();
        String phone = String.format("+1500555%04d", 3000 + probes.get());
        // Same topic and key: the consent is read before the sign-up that starts the probe's sequence.
        grantConsent(PROBE, probe, clock.instant(), phone);
        signUp(PROBE, probe, phone);
        moveTo(clock.instant().plus(PROBE_DELAY).plus(OUT_OF_ORDERNESS).plusSeconds(1));
        tick();
        kafka.readUntil(TOPICS.outbox(), all -> all.stream().anyMatch(intent -> phone.equals(intent.getToPhone())),
                "the probe's text to " + phone);
        awaitDispatched();
    }

    /**
     * Every text in the outbox so far has had a final entry in the dispatcher's ledger (sent, skipped, failed). Texts
     * seen settled before are not asked again: the ledger forgets settled texts once the clock is days past them.
     */
    public void awaitDispatched() {
        if (dispatcher == null) {
            return;
        }
        Set<String> intents = kafka.readAll(TOPICS.outbox()).stream().map(SmsIntent::getIntentId)
                .filter(id -> !dispatched.contains(id)).collect(Collectors.toSet());
        Await.until(() -> intents.stream().allMatch(id -> dispatcher.ledgerEntry(id)
                        .filter(entry -> entry.getState() != SendState.ATTEMPTING).isPresent()),
                TopicClient.DEADLINE, "the dispatcher to settle " + intents.size() + " texts");
        dispatched.addAll(intents);
    }

    /** Waits until the sequencer has read and checkpointed every record of its input topics. */
    public void awaitSequencerRead() {
        try (ConsumerProgress progress = new ConsumerProgress(bootstrapServers)) {
            progress.awaitConsumed(SEQUENCER_GROUP, List.of(TOPICS.customers().name(), TOPICS.purchases().name(),
                    TOPICS.engagements().name(), TOPICS.browse().name()), TopicClient.DEADLINE);
        }
    }

    // ---- what came out ------------------------------------------------------------------------------------------

    /** Every text the Twilio server accepted for {@code phone}, oldest first. */
    public List<FakeMessage> textsTo(String phone) {
        return twilio.messages().stream().filter(message -> phone.equals(message.to())).toList();
    }

    /** The texts to {@code phone} that came from {@code brand}'s sender. */
    public List<FakeMessage> textsTo(String phone, String brand) {
        String sender = senders().get(brand);
        return textsTo(phone).stream()
                .filter(message -> sender.equals(message.from()) || sender.equals(message.messagingServiceSid()))
                .toList();
    }

    /** Every text the sequencer decided to send to {@code phone} (in the outbox), whether or not it went out. */
    public List<SmsIntent> decidedTo(String phone) {
        return kafka.readAll(TOPICS.outbox()).stream().filter(intent -> phone.equals(intent.getToPhone())).toList();
    }

    /** The sequencer's decisions about one customer, as "OUTCOME REASON". */
    public List<String> decisionsAbout(String brand, String customerId) {
        return kafka.readAll(TOPICS.decisions()).stream()
                .filter(d -> brand.equals(d.getTenant().getBrandId()) && customerId.equals(d.getCustomerId()))
                .map(d -> d.getOutcome() + " " + d.getReason()).toList();
    }

    public TopicClient kafka() {
        return kafka;
    }

    /**
     * Deletes every record on the engagements topic so far, as its retention would after 30 days: what the jobs must
     * still know afterwards has to live somewhere else.
     */
    public void expireEngagements() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                     new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPICS.engagements().name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            Map<TopicPartition, RecordsToDelete> deletes = new LinkedHashMap<>();
            consumer.endOffsets(partitions).forEach((partition, end) ->
                    deletes.put(partition, RecordsToDelete.beforeOffset(end)));
            admin.deleteRecords(deletes).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not expire the engagements", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- the dispatcher -----------------------------------------------------------------------------------------

    /** Stops the dispatcher gracefully (texts wait in the outbox meanwhile). */
    public void stopDispatcher() {
        dispatcher.close();
        dispatcher = null;
    }

    /** Starts a new dispatcher, which reads what it must know before sending anything. */
    public void restartDispatcher() {
        if (dispatcher != null) {
            stopDispatcher();
        }
        dispatcher = startDispatcher();
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public void close() throws Exception {
        try {
            sequencer.cancel().get();
        } finally {
            if (dispatcher != null) {
                dispatcher.close();
            }
            webhooks.close();
            twilio.close();
            kafka.close();
        }
    }

    // ---- set-up -------------------------------------------------------------------------------------------------

    static Map<String, String> senders() {
        return Map.of(ALPHA, ALPHA_NUMBER, BETA, BETA_SERVICE, GAMMA, GAMMA_NUMBER, PROBE, PROBE_NUMBER);
    }

    private static Map<String, String> brandBySender() {
        Map<String, String> brands = new LinkedHashMap<>();
        senders().forEach((brand, sender) -> brands.put(sender, brand));
        return brands;
    }

    private Dispatcher startDispatcher() {
        TwilioSettings settings = TwilioSettings.of(twilio.accountSid(), twilio.authToken())
                .withApiBaseUrl(URI.create(twilio.baseUrl()));
        return Dispatcher.start(DispatcherSettings.builder(bootstrapServers, settings)
                        .groupId(DISPATCHER_GROUP).senders(senders()).webhookBase(URI.create(publicBase))
                        .sendsPerSecondPerSender(1_000).build(),
                TwilioSmsClient.create(settings), clock, DispatcherHooks.NONE);
    }

    private JobClient startSequencer() throws Exception {
        SequencerSettings defaults = SequencerSettings.defaults();
        EngineSettings engine = defaults.engine().withCaps(new ContactCaps(Duration.ZERO, 5, 10, null))
                .withRetention(RETENTION);
        SequencerSettings settings = new SequencerSettings(bootstrapServers, "", SEQUENCER_GROUP, TimeMode.EVENT_TIME,
                OUT_OF_ORDERNESS, Duration.ofSeconds(1), Duration.ofMillis(300), defaults.transactionTimeout(), engine);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        KafkaIo io = new KafkaIo(settings);
        SequencerJob.build(env, io.sources(), io.sinks(), settings);
        return env.executeAsync("compliance");
    }

    private void publishCatalogsAndSequences() {
        for (String brand : senders().keySet()) {
            for (CatalogUpdate item : List.of(
                    item(brand, "coffee-beans", "coffee", 1800, List.of("pour-over-kit"), List.of("bean-canister")),
                    item(brand, "pour-over-kit", "gear", 2400, List.of(), List.of()),
                    item(brand, "bean-canister", "gear", 1500, List.of(), List.of()))) {
                kafka.send(TOPICS.catalog(), brand + "/" + item.getSku(), item);
            }
            kafka.send(TOPICS.sequenceDefinitions(), brand + "/" + SEQUENCE, definition(brand));
        }
        kafka.readUntil(TOPICS.decisions(), all -> all.stream()
                .filter(d -> d.getOutcome() == DecisionOutcome.DEFINITION_ACCEPTED).count() >= senders().size(),
                "every brand's sequence accepted");
        try (ConsumerProgress progress = new ConsumerProgress(bootstrapServers)) {
            progress.awaitConsumed(SEQUENCER_GROUP, List.of(TOPICS.catalog().name()), TopicClient.DEADLINE);
        }
    }

    private SequenceDefinition definition(String brand) {
        boolean probe = PROBE.equals(brand);
        String steps = probe ? """
                  - delay: {after: %s}
                    offer: NONE
                    templates:
                      en-US: "probe {firstName}"
                """.formatted(PROBE_DELAY) : """
                  - delay: {after: %s}
                    offer: COMPLEMENT
                    templates:
                      en-US: "Hi {firstName}, brew it with {productName} ({price}): {link}"
                  - delay: {after: %s}
                    offer: ADD_ON
                    templates:
                      en-US: "One more idea, {firstName}: {productName} ({price}): {link}"
                """.formatted(STEP_0_DELAY, STEP_1_DELAY);
        String yaml = """
                id: %s
                version: 1
                status: LIVE
                brandId: %s
                priority: 50
                subject: coffee
                trigger: %s
                steps:
                %sexits: [OFFERED_ITEM_PURCHASE]
                reentry: {policy: AFTER_COMPLETION}
                holdoutPercent: 0
                onNewVersion: FINISH_ON_OLD
                defaultLocale: en-US
                """.formatted(SEQUENCE, brand, probe ? "{type: SIGN_UP}" : "{type: CHECKOUT, categories: [coffee]}", steps);
        DefinitionParseResult parsed = DefinitionParser.parse(yaml);
        if (!(parsed instanceof DefinitionParseResult.Accepted accepted)) {
            throw new IllegalStateException("the harness's sequence is invalid: " + parsed);
        }
        return new SequenceDefinition(SEQUENCE, 1, brand, clock.instant(),
                DefinitionParser.toJson(accepted.definition()));
    }

    private CatalogUpdate item(String brand, String sku, String category, long priceMinor, List<String> complements,
                               List<String> addOns) {
        return CatalogUpdate.newBuilder()
                .setEventId(brand + "-catalog-" + sku).setTenant(new Tenant(brand, null)).setEventTime(clock.instant())
                .setSku(sku).setName(sku.replace('-', ' ')).setCategory(category).setPriceMinor(priceMinor)
                .setCurrency("USD").setStock(1000).setActive(true).setUrl("https://shop.example/p/" + sku)
                .setComplements(complements).setAddOns(addOns).setReplenishmentDays(null).build();
    }

    private CustomerEvent consentEvent(String brand, String customerId, Instant at, CustomerEventType type,
                                       String phone) {
        return CustomerEvent.newBuilder()
                .setEventId(customerId + ":" + type + ":" + at.toEpochMilli()).setTenant(new Tenant(brand, null))
                .setCustomerId(customerId).setEventTime(at).setType(type).setPhoneE164(phone)
                .setConsent(new ConsentChange("checkout_form", "form-" + customerId, at)).build();
    }

    /**
     * Moves the clock to {@code at} and lets the sequencer's event time follow, without waiting for the dispatcher
     * (which may be stopped): wait for what the sequencer decides with {@link #decidedTo}.
     */
    public void runSequencerUntil(Instant at) {
        moveTo(at);
        tick();
    }

    /** Lets the sequencer's event time catch up with the clock: a search by a customer who takes part in nothing. */
    private void tick() {
        Instant at = clock.instant();
        kafka.send(TOPICS.browse(), "clock", BrowseEvent.newBuilder().setEventId("clock-" + at.toEpochMilli())
                .setTenant(new Tenant(PROBE, null)).setCustomerId("clock").setEventTime(at)
                .setAction(BrowseAction.SEARCH).build());
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For cases that need a topic's records: every committed one, from the start. */
    public <T extends org.apache.avro.specific.SpecificRecord> List<T> readAll(Topic<T> topic) {
        return kafka.readAll(topic);
    }
}
