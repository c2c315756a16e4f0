package dev.nudge.demo;

import dev.nudge.dispatcher.Dispatcher;
import dev.nudge.dispatcher.ledger.SendLedgerEntry;
import dev.nudge.dispatcher.ledger.SendState;
import dev.nudge.events.Decision;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.EngagementType;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SequenceDefinition;
import dev.nudge.events.SmsIntent;
import dev.nudge.devstack.kafka.ConsumerProgress;
import dev.nudge.platform.topics.Topics;
import dev.nudge.simulator.CustomerView;
import dev.nudge.simulator.KafkaEventWriter;
import dev.nudge.simulator.RandomSource;
import dev.nudge.simulator.ResponseModel;
import dev.nudge.simulator.ResponseParameters;
import dev.nudge.simulator.SimCustomer;
import dev.nudge.simulator.SimEvent;
import dev.nudge.simulator.Simulation;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays the simulated retailer into Kafka one day at a time, waits until the sequencer has taken the day in, waits
 * until the texts it decided went through the dispatcher, the Twilio-compatible server and the webhook service, and
 * lets the simulated customers react to the delivered ones: replies and opt-outs are texted back to the brand's
 * number (the fake posts them, signed, to the webhook service), clicks follow the signed click link, purchases are
 * written to Kafka.
 */
final class DemoFeed implements AutoCloseable {

    private static final Duration DAY_DEADLINE = Duration.ofMinutes(2);
    /** What the webhook service publishes when a text reaches its final status. */
    private static final Set<EngagementType> RECEIPTS =
            EnumSet.of(EngagementType.DELIVERED, EngagementType.UNDELIVERED, EngagementType.FAILED);
    private static final Pattern LINK = Pattern.compile("https?://\\S+");

    private final Simulation simulation;
    private final Topics topics;
    private final DemoStack stack;
    private final Dispatcher dispatcher;
    private final String sequencerGroup;
    private final List<String> inputTopics;
    private final KafkaEventWriter writer;
    private final ConsumerProgress progress;
    private final String bootstrapServers;
    private final KafkaConsumer<byte[], byte[]> outbox;
    private final KafkaConsumer<byte[], byte[]> engagements;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ResponseModel responses;
    private final RandomSource responseRandom;
    private final PeekingIterator events;
    private final Map<String, Set<String>> boughtSkus = new HashMap<>();
    /** customerId → when they bought: a day's purchases are known before its texts, so a text looks up the last before it. */
    private final Map<String, TreeSet<Instant>> purchaseTimes = new HashMap<>();
    private final Map<String, List<Instant>> textsReceived = new HashMap<>();
    private final Set<String> engagementIds = new HashSet<>();
    /** intentId → the delivery receipt the webhook service published for it. */
    private final Map<String, EngagementEvent> receipts = new HashMap<>();
    private final DemoTally tally;
    /** The real phones standing in for simulated ones; their texts go through real Twilio, which sends no receipts here. */
    private final LivePhones livePhones;

    DemoFeed(DemoStack stack, Dispatcher dispatcher, Simulation simulation, ResponseParameters response,
             String sequencerGroup, DemoTally tally, LivePhones livePhones) {
        this.simulation = simulation;
        this.topics = stack.topics;
        this.stack = stack;
        this.dispatcher = dispatcher;
        this.sequencerGroup = sequencerGroup;
        this.tally = tally;
        this.inputTopics = List.of(topics.purchases().name(), topics.browse().name(), topics.customers().name(),
                topics.engagements().name(), topics.catalog().name());
        this.writer = new KafkaEventWriter(stack.kafka.bootstrapServers(), topics);
        this.progress = new ConsumerProgress(stack.kafka.bootstrapServers());
        this.bootstrapServers = stack.kafka.bootstrapServers();
        this.outbox = consumerFromStart(bootstrapServers, topics.outbox().name());
        this.engagements = consumerFromStart(bootstrapServers, topics.engagements().name());
        this.responses = simulation.responseModel(response);
        this.responseRandom = simulation.responseRandom();
        this.livePhones = livePhones;
        this.events = new PeekingIterator(simulation.events());
    }

    /** Writes the simulated events up to {@code dayEnd}, waits for the job and the delivery, and answers the day's texts. */
    void playUntil(Instant dayEnd) {
        List<SimEvent> day = new ArrayList<>();
        while (events.hasNext() && events.peek().eventTime().isBefore(dayEnd)) {
            SimEvent event = livePhones.apply(events.next());
            remember(event.value());
            day.add(event);
        }
        writer.write(day.iterator());
        tally.events += day.size();
        progress.awaitConsumed(sequencerGroup, inputTopics, DAY_DEADLINE);
        List<SimEvent> purchases = new ArrayList<>();
        List<Answer> answers = new ArrayList<>();
        for (SmsIntent text : awaitDelivered(newTexts())) {
            for (SpecificRecord reaction : react(text, receipts.get(text.getIntentId()).getEventTime())) {
                tally.count(reaction);
                if (reaction instanceof PurchaseEvent purchase) {
                    remember(purchase);
                    purchases.add(SimEvent.of(text.getCustomerId(), purchase, purchase.getEventTime()));
                } else {
                    answers.add(new Answer(text, (EngagementEvent) reaction));
                }
            }
        }
        answers.sort(Comparator.comparing(answer -> answer.reaction().getEventTime()));
        answers.forEach(this::post);
        writer.write(purchases.iterator());
    }

    /** Sequence definitions are not part of the simulated retailer: the demo publishes them itself. */
    void publish(SequenceDefinition definition) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topics.sequenceDefinitions().name(),
                    definition.getSequenceId().getBytes(StandardCharsets.UTF_8),
                    topics.sequenceDefinitions().codec().encode(definition)));
        }
    }

    void write(SimEvent event) {
        remember(event.value());
        writer.write(List.of(event).iterator());
    }

    /**
     * Texts decided after the last day's reactions still go out; nobody reacts to them any more. The sequencer first
     * takes in those reactions, which can decide texts of their own.
     */
    void awaitLastTextsDelivered() {
        progress.awaitConsumed(sequencerGroup, inputTopics, DAY_DEADLINE);
        awaitDelivered(newTexts());
    }

    /** The delivery receipts the webhook service published, by intentId. */
    Map<String, EngagementEvent> receipts() {
        return Map.copyOf(receipts);
    }

    /** Every decision the sequencer took, read from its topic. */
    List<Decision> decisions() {
        List<Decision> decisions = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumerFromStart(bootstrapServers, topics.decisions().name())) {
            readToEnd(consumer, record -> decisions.add(topics.decisions().codec().decode(record.value())));
        }
        return decisions;
    }

    /** Waits until the analytics job has read every purchase (its ClickHouse batches are flushed on the same checkpoint). */
    void awaitAnalyticsCaughtUp(String group) {
        progress.awaitConsumed(group, List.of(topics.purchases().name(), topics.engagements().name()), DAY_DEADLINE);
    }

    /**
     * Waits until the dispatcher has settled every text (sent, skipped, failed or in doubt) and, for each it sent,
     * the webhook service has published the delivery receipt and has read the text as SENT from the ledger, so a
     * reply from that phone finds its customer. Returns the delivered texts.
     */
    private List<SmsIntent> awaitDelivered(List<SmsIntent> texts) {
        Instant deadline = Instant.now().plus(DAY_DEADLINE);
        while (true) {
            readEngagements();
            List<SmsIntent> pending = texts.stream().filter(text -> !throughDelivery(text)).toList();
            if (pending.isEmpty()) {
                return texts.stream().filter(text -> Optional.ofNullable(receipts.get(text.getIntentId()))
                        .map(receipt -> receipt.getType() == EngagementType.DELIVERED).orElse(false)).toList();
            }
            if (Instant.now().isAfter(deadline)) {
                String example = pending.get(0).getIntentId();
                throw new IllegalStateException(pending.size() + " of " + texts.size() + " texts not through the "
                        + "dispatcher and the webhook service within " + DAY_DEADLINE + ", e.g. " + example
                        + ": dispatcher " + dispatcher.ledgerEntry(example).map(SendLedgerEntry::getState)
                        + ", receipt " + receipts.containsKey(example) + ", webhook service "
                        + stack.webhooks.ledgerEntry(example).map(SendLedgerEntry::getState));
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    private boolean throughDelivery(SmsIntent text) {
        String intentId = text.getIntentId();
        Optional<SendState> sent = dispatcher.ledgerEntry(intentId).map(SendLedgerEntry::getState);
        if (sent.isEmpty() || sent.get() == SendState.ATTEMPTING) {
            return false;
        }
        return sent.get() != SendState.SENT || livePhones.isLive(text.getToPhone())
                || receipts.containsKey(intentId) && stack.webhooks.ledgerEntry(intentId)
                .map(entry -> entry.getState() == SendState.SENT).orElse(false);
    }

    private List<SpecificRecord> react(SmsIntent text, Instant deliveredAt) {
        SimCustomer customer = simulation.customer(text.getCustomerId()).orElse(null);
        if (customer == null) {
            return List.of();
        }
        List<Instant> received = textsReceived.computeIfAbsent(text.getCustomerId(), id -> new ArrayList<>());
        received.removeIf(at -> at.isBefore(deliveredAt.minus(Duration.ofDays(7))));
        received.add(deliveredAt);
        CustomerView view = CustomerView.of(customer, boughtSkus.getOrDefault(text.getCustomerId(), Set.of()),
                received.size(), purchaseTimes.getOrDefault(text.getCustomerId(), new TreeSet<>()).floor(deliveredAt));
        return responses.reactTo(text, deliveredAt, view, responseRandom);
    }

    /** The customer's answer, at its simulated moment: a text back to the brand's number, or a click. */
    private void post(Answer answer) {
        SmsIntent text = answer.text();
        stack.webhookClock.set(answer.reaction().getEventTime());
        switch (answer.reaction().getType()) {
            case REPLIED, OPTED_OUT -> stack.twilio.receiveText(stack.inboundUrl(), text.getToPhone(), DemoStack.SENDER,
                    answer.reaction().getReplyText());
            case CLICKED -> click(text);
            default -> throw new IllegalStateException("The response model made a " + answer.reaction().getType());
        }
    }

    /** Taps the text's link, a tracked one through the webhook service; a text without a link cannot be tapped. */
    private void click(SmsIntent text) {
        Matcher link = LINK.matcher(text.getBody());
        if (!link.find()) {
            return;
        }
        URI tracked = URI.create(link.group());
        try {
            int status = http.send(HttpRequest.newBuilder(tracked).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 302) {
                throw new IllegalStateException("The click link " + tracked + " answered " + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot follow the click link " + tracked, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted following a click link", e);
        }
    }

    private void remember(SpecificRecord record) {
        if (record instanceof PurchaseEvent purchase) {
            Set<String> skus = boughtSkus.computeIfAbsent(purchase.getCustomerId(), id -> new HashSet<>());
            purchase.getLines().forEach(line -> skus.add(line.getSku()));
            purchaseTimes.computeIfAbsent(purchase.getCustomerId(), id -> new TreeSet<>()).add(purchase.getEventTime());
            tally.purchases.add(purchase);
        }
    }

    /** The texts the sequencer decided since the last look; the tally counts them. */
    private List<SmsIntent> newTexts() {
        List<SmsIntent> texts = new ArrayList<>();
        readToEnd(outbox, record -> texts.add(topics.outbox().codec().decode(record.value())));
        tally.texts.addAll(texts);
        return texts;
    }

    /** Every engagement once (by eventId), whoever published it: the dispatcher, the webhook service. */
    private void readEngagements() {
        readToEnd(engagements, record -> {
            EngagementEvent event = topics.engagements().codec().decode(record.value());
            if (engagementIds.add(event.getEventId())) {
                tally.engagements.merge(event.getType(), 1L, Long::sum);
                if (RECEIPTS.contains(event.getType()) && event.getProviderMessageId() != null) {
                    receipts.put(event.getMessageId(), event);
                }
            }
        });
    }

    /** Reads on up to the end of the topic's committed records as of now. */
    private static void readToEnd(KafkaConsumer<byte[], byte[]> consumer,
                                  Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                handler.accept(record);
            }
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumerFromStart(String bootstrapServers, String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    @Override
    public void close() {
        outbox.close();
        engagements.close();
        progress.close();
        writer.close();
    }

    /** A simulated customer's reaction to a text, other than a purchase. */
    private record Answer(SmsIntent text, EngagementEvent reaction) {
    }

    /** The simulation's stream, with a look at the next event before taking it. */
    private static final class PeekingIterator implements Iterator<SimEvent> {
        private final Iterator<SimEvent> source;
        private SimEvent next;

        PeekingIterator(Iterator<SimEvent> source) {
            this.source = source;
        }

        SimEvent peek() {
            if (next == null) {
                next = source.next();
            }
            return next;
        }

        @Override
        public boolean hasNext() {
            return next != null || source.hasNext();
        }

        @Override
        public SimEvent next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            SimEvent event = peek();
            next = null;
            return event;
        }
    }
}
