package dev.nudge.dispatcher;

import dev.nudge.domain.consent.ConsentFact;
import dev.nudge.domain.consent.ConsentKind;
import dev.nudge.domain.consent.ConsentLedger;
import dev.nudge.events.ConsentEntry;
import dev.nudge.events.ConsentEntryKind;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.EngagementType;
import dev.nudge.platform.kafka.UndecodableRecordException;
import dev.nudge.platform.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who must not be texted, per (brand, phone): the consent ledger of every number ({@link ConsentLedger}), blocked by
 * an opt-out or a revoked consent that no newer opt-in or grant lifted, whatever order the entries came in.
 *
 * <p>It reads the whole suppression list ({@code nudge.suppressions}, compacted and never expired, written by the
 * sequencer) and, for the opt-outs the sequencer has not yet passed on, the engagements of the last
 * {@link #RECENT_ENGAGEMENTS} (an OPTED_OUT or OPTED_IN carries its phone; one without applies to its customer id, and
 * a customer id {@code tel:<E.164>} names the phone). A background thread tails both; {@link #start()} returns once
 * everything published before it has been read. No start-up replays the engagements' 30 days.
 */
final class SuppressionList implements AutoCloseable {

    /** customerId prefix of an engagement known only by phone number. */
    static final String PHONE_PREFIX = "tel:";
    /** Ledger subject of a customer whose engagement named no phone. */
    private static final String CUSTOMER_PREFIX = "customer:";

    private static final Logger LOG = LoggerFactory.getLogger(SuppressionList.class);
    /** How far back the engagements are read at start: far more than the sequencer's lag in writing the list. */
    static final Duration RECENT_ENGAGEMENTS = Duration.ofDays(1);
    /** The reader's close, after a wakeup: short, it has no offsets to commit. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofMillis(500);

    private final String bootstrapServers;
    private final Topics topics;
    private final Clock clock;
    /** brand|phone (or brand|customer:id) → that subject's ledger. */
    private final Map<String, ConsentLedger> ledgers = new ConcurrentHashMap<>();
    /** brand|customerId → when this dispatcher learned that the customer opted out. */
    private final Map<String, Instant> optedOutCustomers = new ConcurrentHashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile KafkaConsumer<String, byte[]> reader;
    private volatile boolean running = true;
    private Thread thread;

    SuppressionList(String bootstrapServers, Topics topics, Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.clock = clock;
    }

    void start() {
        thread = new Thread(this::tail, "dispatcher-suppressions");
        thread.setDaemon(true);
        thread.start();
        try {
            if (!caughtUp.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("Suppression list not read within 2 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted reading the suppression list", e);
        }
    }

    /** Why the text must not go out, or empty: an opt-out or revoked consent of the number, or of the customer. */
    Optional<String> blockReason(String brandId, String customerId, String phone) {
        for (String subject : List.of(phone, CUSTOMER_PREFIX + customerId)) {
            ConsentLedger ledger = ledgers.get(key(brandId, subject));
            if (ledger != null && ledger.blocked(subject)) {
                return Optional.of(ledger.optedOut(subject) ? "opted out" : "consent revoked");
            }
        }
        return Optional.empty();
    }

    /** When this dispatcher learned that the customer opted out, if it did. */
    Optional<Instant> optedOutSince(String brandId, String customerId) {
        return Optional.ofNullable(optedOutCustomers.get(key(brandId, customerId)));
    }

    /** Takes an opt-out into account at once, before it comes back through the topics (Twilio's 21610). */
    void optOut(String brandId, String customerId, String phone, Instant at) {
        record(brandId, phone, new ConsentFact(phone, ConsentKind.OPTED_OUT, at, "carrier", null));
        optedOutCustomers.putIfAbsent(key(brandId, customerId), clock.instant());
    }

    /**
     * Runs until {@link #close()} wakes it up, then closes the consumer on this thread. The thread is never
     * interrupted: a consumer closed on an interrupted thread cannot close its fetcher and logs an error.
     */
    private void tail() {
        KafkaConsumer<String, byte[]> consumer = KafkaClients.stateReader(bootstrapServers);
        reader = consumer;
        try {
            List<TopicPartition> list = partitions(consumer, topics.suppressions().name());
            List<TopicPartition> engagements = partitions(consumer, topics.engagements().name());
            List<TopicPartition> all = new ArrayList<>(list);
            all.addAll(engagements);
            consumer.assign(all);
            consumer.seekToBeginning(list);
            seekToRecent(consumer, engagements);
            Map<TopicPartition, Long> ends = consumer.endOffsets(all);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    apply(record);
                }
                if (caughtUp.getCount() > 0 && all.stream().allMatch(p -> consumer.position(p) >= ends.get(p))) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("Suppression list reader stopped", e);
        } finally {
            consumer.close(CLOSE_TIMEOUT);
        }
    }

    /** Engagements from {@link #RECENT_ENGAGEMENTS} ago: what the sequencer may not have written to the list yet. */
    private void seekToRecent(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions) {
        long since = clock.instant().minus(RECENT_ENGAGEMENTS).toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, since));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp offset = offsets.get(partition);
            consumer.seek(partition, offset == null ? ends.get(partition) : offset.offset());
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            if (record.topic().equals(topics.suppressions().name())) {
                ConsentEntry entry = topics.suppressions().codec().decode(record.value());
                if (entry.getKind() != ConsentEntryKind.OTHER) {
                    record(entry.getTenant().getBrandId(), entry.getPhoneE164(), new ConsentFact(entry.getPhoneE164(),
                            ConsentKind.valueOf(entry.getKind().name()), entry.getEventTime(), entry.getSource(),
                            entry.getEvidence()));
                }
            } else {
                applyEngagement(topics.engagements().codec().decode(record.value()));
            }
        } catch (UndecodableRecordException e) {
            LOG.warn("Skipping an unreadable record at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    private void applyEngagement(EngagementEvent event) {
        ConsentKind kind = event.getType() == EngagementType.OPTED_OUT ? ConsentKind.OPTED_OUT
                : event.getType() == EngagementType.OPTED_IN ? ConsentKind.OPTED_IN : null;
        if (kind == null) {
            return;
        }
        String brand = event.getTenant().getBrandId();
        String customerId = event.getCustomerId();
        String subject = event.getPhoneE164() != null ? event.getPhoneE164()
                : customerId.startsWith(PHONE_PREFIX) ? customerId.substring(PHONE_PREFIX.length())
                : CUSTOMER_PREFIX + customerId;
        record(brand, subject, new ConsentFact(subject, kind, event.getEventTime(), "keyword", event.getEventId()));
        if (kind == ConsentKind.OPTED_OUT) {
            optedOutCustomers.putIfAbsent(key(brand, customerId), clock.instant());
        } else if (!blockReason(brand, customerId, subject).isPresent()) {
            optedOutCustomers.remove(key(brand, customerId));
        }
    }

    private void record(String brandId, String subject, ConsentFact fact) {
        ledgers.computeIfAbsent(key(brandId, subject), k -> new ConsentLedger()).record(fact);
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    }

    private static String key(String brandId, String subject) {
        return brandId + "|" + subject;
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
