package dev.nudge.dispatcher;

import dev.nudge.dispatcher.ledger.SendLedgerEntry;
import dev.nudge.dispatcher.ledger.SendState;
import dev.nudge.platform.kafka.AvroCodec;
import dev.nudge.platform.topics.Topic;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send ledger: the latest {@link SendLedgerEntry} of every intent, in memory, backed by the compacted ledger
 * topic. {@link #write} returns only once the broker has the entry (acks=all), so what the ledger says survives a
 * crash of the dispatcher. Thread-safe.
 */
final class SendLedger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SendLedger.class);

    private final Topic<SendLedgerEntry> topic;
    private final AvroCodec<SendLedgerEntry> codec;
    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, SendLedgerEntry> latest = new ConcurrentHashMap<>();
    /** Twilio message sid → the intent it was recorded (or is being recorded) for. */
    private final Map<String, String> claimedSids = new ConcurrentHashMap<>();
    private final AtomicLong inDoubt;

    /** @param inDoubt kept at the number of intents whose latest entry is IN_DOUBT */
    SendLedger(String bootstrapServers, Topic<SendLedgerEntry> topic, AtomicLong inDoubt) {
        this.bootstrapServers = bootstrapServers;
        this.inDoubt = inDoubt;
        this.topic = topic;
        this.codec = topic.codec();
        this.producer = KafkaClients.durableProducer(bootstrapServers, "nudge-dispatcher-ledger");
    }

    /** How many intents the ledger holds. */
    int size() {
        return latest.size();
    }

    /** Reads the whole ledger topic up to its current end; entries already known are replaced by newer ones. */
    void catchUp() {
        try (KafkaConsumer<String, byte[]> reader = KafkaClients.stateReader(bootstrapServers)) {
            List<TopicPartition> partitions = reader.partitionsFor(topic.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
            int read = 0;
            while (partitions.stream().anyMatch(partition -> reader.position(partition) < ends.get(partition))) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        remember(codec.decode(record.value()));
                        read++;
                    }
                }
            }
            LOG.info("Send ledger {} read: {} entries, {} intents", topic.name(), read, latest.size());
        }
    }

    /**
     * Writes an entry decided before any Twilio call (the ATTEMPTING claim, SKIPPED) through the fence of the intent's
     * outbox partition: it stands only while this instance owns the partition.
     *
     * @throws LedgerFences.FencedException when the partition has moved to another instance
     */
    void writeFenced(SendLedgerEntry entry, LedgerFences fences, int outboxPartition) {
        fences.commit(outboxPartition, record(entry));
        remember(entry);
    }

    /** Writes the entry and waits until the broker has it. */
    void write(SendLedgerEntry entry) {
        try {
            producer.send(record(entry)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot write " + entry.getState() + " for " + entry.getIntentId()
                    + " to the send ledger", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted writing the send ledger", e);
        }
        remember(entry);
    }

    private ProducerRecord<String, byte[]> record(SendLedgerEntry entry) {
        return new ProducerRecord<>(topic.name(), entry.getIntentId(), codec.encode(entry));
    }

    Optional<SendLedgerEntry> latest(String intentId) {
        return Optional.ofNullable(latest.get(intentId));
    }

    /** Entries left ATTEMPTING: a previous run crashed or lost its answer while sending them. */
    List<SendLedgerEntry> attempting() {
        return latest.values().stream().filter(entry -> entry.getState() == SendState.ATTEMPTING).toList();
    }

    Collection<SendLedgerEntry> all() {
        return List.copyOf(latest.values());
    }

    /** Entries left IN_DOUBT: to be looked up again until found or past the horizon. */
    List<SendLedgerEntry> inDoubt() {
        return latest.values().stream().filter(entry -> entry.getState() == SendState.IN_DOUBT).toList();
    }

    /** The intent a Twilio message sid is recorded (or being recorded) for, if any. */
    Optional<String> claimedBy(String sid) {
        return Optional.ofNullable(claimedSids.get(sid));
    }

    /** Takes a sid for an intent, atomically: false when another intent has it already. */
    boolean claim(String sid, String intentId) {
        return claimedSids.putIfAbsent(sid, intentId) == null || claimedSids.get(sid).equals(intentId);
    }

    private void remember(SendLedgerEntry entry) {
        SendLedgerEntry previous = latest.put(entry.getIntentId(), entry);
        boolean wasInDoubt = previous != null && previous.getState() == SendState.IN_DOUBT;
        boolean isInDoubt = entry.getState() == SendState.IN_DOUBT;
        if (wasInDoubt != isInDoubt) {
            inDoubt.addAndGet(isInDoubt ? 1 : -1);
        }
        if (entry.getProviderMessageId() != null) {
            claimedSids.putIfAbsent(entry.getProviderMessageId(), entry.getIntentId());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
