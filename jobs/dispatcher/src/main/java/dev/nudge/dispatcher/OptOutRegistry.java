package dev.nudge.dispatcher;

import dev.nudge.events.EngagementEvent;
import dev.nudge.events.EngagementType;
import dev.nudge.platform.kafka.AvroCodec;
import dev.nudge.platform.kafka.UndecodableRecordException;
import dev.nudge.platform.topics.Topic;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who has opted out, per brand, from the OPTED_OUT / OPTED_IN engagements: the latest of the two wins. A key is
 * {@code brandId|customerId}; the webhook service reports a number it cannot tie to a customer as customerId
 * {@code tel:<E.164>}, so a number is checked too. A background thread tails the engagement topic from its start;
 * {@link #start()} returns once everything published before it has been read.
 */
final class OptOutRegistry implements AutoCloseable {

    /** customerId prefix for an opt-out known only by phone number. */
    static final String PHONE_PREFIX = "tel:";

    private static final Logger LOG = LoggerFactory.getLogger(OptOutRegistry.class);
    /** The reader's close, after a wakeup: short, it has no offsets to commit. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofMillis(500);

    private final String bootstrapServers;
    private final Topic<EngagementEvent> topic;
    private final AvroCodec<EngagementEvent> codec;
    private final Clock clock;
    /** key → when this dispatcher learned of the opt-out. */
    private final Map<String, Instant> optedOut = new ConcurrentHashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile KafkaConsumer<String, byte[]> reader;
    private volatile boolean running = true;
    private Thread thread;

    OptOutRegistry(String bootstrapServers, Topic<EngagementEvent> topic, Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.codec = topic.codec();
        this.clock = clock;
    }

    void start() {
        thread = new Thread(this::tail, "dispatcher-opt-outs");
        thread.setDaemon(true);
        thread.start();
        try {
            if (!caughtUp.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("Opt-outs on " + topic.name() + " not read within 2 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted reading opt-outs", e);
        }
    }

    boolean isOptedOut(String brandId, String customerId, String phone) {
        return optedOut.containsKey(key(brandId, customerId))
                || optedOut.containsKey(key(brandId, PHONE_PREFIX + phone));
    }

    /** When this dispatcher learned that the customer opted out, if it did. */
    Optional<Instant> optedOutSince(String brandId, String customerId) {
        return Optional.ofNullable(optedOut.get(key(brandId, customerId)));
    }

    /** Takes an opt-out into account at once, before it comes back through the topic (Twilio's 21610). */
    void optOut(String brandId, String customerId) {
        optedOut.putIfAbsent(key(brandId, customerId), clock.instant());
    }

    /**
     * Runs until {@link #close()} wakes it up, then closes the consumer on this thread. The thread is never
     * interrupted: a consumer closed on an interrupted thread cannot close its fetcher and logs an error.
     */
    private void tail() {
        KafkaConsumer<String, byte[]> consumer = KafkaClients.stateReader(bootstrapServers);
        reader = consumer;
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    apply(record);
                }
                if (caughtUp.getCount() > 0
                        && partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p))) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("Opt-out reader stopped", e);
        } finally {
            consumer.close(CLOSE_TIMEOUT);
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        EngagementEvent event;
        try {
            event = codec.decode(record.value());
        } catch (UndecodableRecordException e) {
            LOG.warn("Skipping an unreadable engagement at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        String key = key(event.getTenant().getBrandId(), event.getCustomerId());
        if (event.getType() == EngagementType.OPTED_OUT) {
            optedOut.putIfAbsent(key, clock.instant());
        } else if (event.getType() == EngagementType.OPTED_IN) {
            optedOut.remove(key);
        }
    }

    private static String key(String brandId, String customerId) {
        return brandId + "|" + customerId;
    }

    /** Stops the reader: wakes its poll up and waits for it to close the consumer. */
    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> consumer = reader;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
