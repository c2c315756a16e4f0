package dev.nudge.demo;

import dev.nudge.events.Decision;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.EngagementType;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SequenceDefinition;
import dev.nudge.events.SmsIntent;
import dev.nudge.devstack.kafka.ConsumerProgress;
import dev.nudge.devstack.twilio.TwilioFake;
import dev.nudge.platform.topics.Topics;
import dev.nudge.simulator.CustomerView;
import dev.nudge.simulator.KafkaEventWriter;
import dev.nudge.simulator.RandomSource;
import dev.nudge.simulator.ResponseModel;
import dev.nudge.simulator.ResponseParameters;
import dev.nudge.simulator.SimCustomer;
import dev.nudge.simulator.SimEvent;
import dev.nudge.simulator.Simulation;
import dev.nudge.slice.FirstSliceJob;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays the simulated retailer into Kafka one day at a time, waits until the sequencer has taken the day in, and
 * lets the simulated customers react to the texts it decided (clicks, replies, opt-outs, purchases).
 */
final class DemoFeed implements AutoCloseable {

    private static final Duration DAY_DEADLINE = Duration.ofMinutes(2);
    /** The simulated phone receives a text a few seconds after the engine decided it. */
    private static final Duration DELIVERY = Duration.ofSeconds(5);

    private final Simulation simulation;
    private final Topics topics;
    private final String sequencerGroup;
    private final List<String> inputTopics;
    private final KafkaEventWriter writer;
    private final ConsumerProgress progress;
    private final String bootstrapServers;
    private final KafkaConsumer<byte[], byte[]> outbox;
    private final ResponseModel responses;
    private final RandomSource responseRandom;
    private final PeekingIterator events;
    private final Map<String, Set<String>> boughtSkus = new HashMap<>();
    private final Map<String, List<Instant>> textsReceived = new HashMap<>();
    private final DemoTally tally;

    DemoFeed(DemoStack stack, Simulation simulation, String sequencerGroup, DemoTally tally) {
        this.simulation = simulation;
        this.topics = stack.topics;
        this.sequencerGroup = sequencerGroup;
        this.tally = tally;
        this.inputTopics = List.of(topics.purchases().name(), topics.browse().name(), topics.customers().name(),
                topics.engagements().name(), topics.catalog().name());
        this.writer = new KafkaEventWriter(stack.kafka.bootstrapServers(), topics);
        this.progress = new ConsumerProgress(stack.kafka.bootstrapServers());
        this.bootstrapServers = stack.kafka.bootstrapServers();
        this.outbox = consumerFromStart(bootstrapServers, topics.outbox().name());
        this.responses = simulation.responseModel(ResponseParameters.defaults());
        this.responseRandom = simulation.responseRandom();
        this.events = new PeekingIterator(simulation.events());
    }

    /** Writes the simulated events up to {@code dayEnd}, waits for the job, and answers the day's texts. */
    void playUntil(Instant dayEnd) {
        List<SimEvent> day = new ArrayList<>();
        while (events.hasNext() && events.peek().eventTime().isBefore(dayEnd)) {
            SimEvent event = events.next();
            remember(event.value());
            day.add(event);
        }
        writer.write(day.iterator());
        tally.events += day.size();
        progress.awaitConsumed(sequencerGroup, inputTopics, DAY_DEADLINE);
        List<SimEvent> reactions = new ArrayList<>();
        for (SmsIntent text : newTexts()) {
            tally.texts.add(text);
            reactions.addAll(react(text));
        }
        writer.write(reactions.iterator());
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
     * Waits until the delivery slice has written every purchase to ClickHouse and sent every text. The outbox is
     * transactional, so its consumer's committed offsets stop short of the last commit marker: for texts the
     * condition is the count the Twilio-compatible server received.
     */
    void awaitSliceCaughtUp(TwilioFake twilio) {
        progress.awaitConsumed(FirstSliceJob.GROUP, List.of(topics.purchases().name()), DAY_DEADLINE);
        // Texts decided after the last day's reactions still count; nobody reacts to them any more.
        tally.texts.addAll(newTexts());
        Instant deadline = Instant.now().plus(DAY_DEADLINE);
        while (twilio.messages().size() < tally.texts.size()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the Twilio-compatible server received " + twilio.messages().size()
                        + " of " + tally.texts.size() + " texts");
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    /** Every decision the sequencer took, read from its topic. */
    List<Decision> decisions() {
        List<Decision> decisions = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumerFromStart(bootstrapServers, topics.decisions().name())) {
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    decisions.add(topics.decisions().codec().decode(record.value()));
                }
            }
        }
        return decisions;
    }

    private List<SimEvent> react(SmsIntent text) {
        SimCustomer customer = simulation.customer(text.getCustomerId()).orElse(null);
        if (customer == null) {
            return List.of();
        }
        Instant deliveredAt = text.getCreatedAt().plus(DELIVERY);
        List<Instant> received = textsReceived.computeIfAbsent(text.getCustomerId(), id -> new ArrayList<>());
        received.removeIf(at -> at.isBefore(deliveredAt.minus(Duration.ofDays(7))));
        received.add(deliveredAt);
        CustomerView view = CustomerView.of(customer, boughtSkus.getOrDefault(text.getCustomerId(), Set.of()),
                received.size());
        List<SimEvent> reactions = new ArrayList<>();
        reactions.add(SimEvent.of(text.getCustomerId(), deliveryReceipt(text, deliveredAt), deliveredAt));
        for (SpecificRecord reaction : responses.reactTo(text, deliveredAt, view, responseRandom)) {
            remember(reaction);
            tally.count(reaction);
            reactions.add(SimEvent.of(text.getCustomerId(), reaction, eventTime(reaction)));
        }
        return reactions;
    }

    /** What the webhook service publishes when Twilio reports the text delivered. */
    private static EngagementEvent deliveryReceipt(SmsIntent text, Instant deliveredAt) {
        return EngagementEvent.newBuilder()
                .setEventId(text.getIntentId() + ":DELIVERED").setTenant(text.getTenant())
                .setCustomerId(text.getCustomerId()).setEventTime(deliveredAt).setType(EngagementType.DELIVERED)
                .setMessageId(text.getIntentId()).setSequenceId(text.getSequenceId())
                .setSequenceVersion(text.getSequenceVersion()).setStep(text.getStep()).setVariant(text.getVariant())
                .build();
    }

    /** Waits until the analytics job has read every purchase (its ClickHouse batches are flushed on the same checkpoint). */
    void awaitAnalyticsCaughtUp(String group) {
        progress.awaitConsumed(group, List.of(topics.purchases().name(), topics.engagements().name()), DAY_DEADLINE);
    }

    private void remember(SpecificRecord record) {
        if (record instanceof PurchaseEvent purchase) {
            Set<String> skus = boughtSkus.computeIfAbsent(purchase.getCustomerId(), id -> new HashSet<>());
            purchase.getLines().forEach(line -> skus.add(line.getSku()));
            tally.purchases.add(purchase);
        } else if (record instanceof EngagementEvent engagement && engagement.getType() == EngagementType.OPTED_OUT) {
            tally.optOuts++;
        }
    }

    private List<SmsIntent> newTexts() {
        List<SmsIntent> texts = new ArrayList<>();
        Map<TopicPartition, Long> ends = outbox.endOffsets(outbox.assignment());
        while (ends.entrySet().stream().anyMatch(end -> outbox.position(end.getKey()) < end.getValue())) {
            for (ConsumerRecord<byte[], byte[]> record : outbox.poll(Duration.ofMillis(200))) {
                texts.add(topics.outbox().codec().decode(record.value()));
            }
        }
        return texts;
    }

    private static Instant eventTime(SpecificRecord record) {
        if (record instanceof PurchaseEvent purchase) {
            return purchase.getEventTime();
        }
        return ((EngagementEvent) record).getEventTime();
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
        progress.close();
        writer.close();
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
