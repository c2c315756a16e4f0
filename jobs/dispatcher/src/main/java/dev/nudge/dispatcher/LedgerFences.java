package dev.nudge.dispatcher;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fences the sends of an instance that lost its outbox partitions. Each outbox partition the instance owns has a
 * transactional producer with a transactional.id of its own ({@code <group>-ledger-<partition>}); every ATTEMPTING
 * entry, the claim that precedes a Twilio call, is committed through it. The instance that is assigned the partition
 * next opens a producer with the same transactional.id: {@code initTransactions} bumps the epoch, aborts whatever the
 * previous owner left open and makes its every later commit fail. So an instance paused past its session timeout
 * (SIGSTOP, a GC pause) or past max.poll.interval cannot claim an intent, and so cannot call Twilio, once the
 * partition has moved. Thread-safe: commits through one partition's producer are serialised.
 */
final class LedgerFences implements AutoCloseable {

    /** The claim could not be committed: this instance no longer owns the intent's outbox partition. */
    static final class FencedException extends RuntimeException {
        FencedException(int partition, Throwable cause) {
            super("outbox partition " + partition + " has moved to another instance", cause);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(LedgerFences.class);

    private final String bootstrapServers;
    private final String transactionalIdPrefix;
    private final Map<Integer, KafkaProducer<String, byte[]>> owned = new ConcurrentHashMap<>();

    LedgerFences(String bootstrapServers, String groupId) {
        this.bootstrapServers = bootstrapServers;
        this.transactionalIdPrefix = groupId + "-ledger-";
    }

    /** Takes the partitions over: the previous owners' producers are fenced off and their open claims aborted. */
    void open(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            KafkaProducer<String, byte[]> producer = KafkaClients.fencingProducer(bootstrapServers,
                    transactionalIdPrefix + partition.partition());
            producer.initTransactions();
            KafkaProducer<String, byte[]> previous = owned.put(partition.partition(), producer);
            if (previous != null) {
                previous.close(Duration.ZERO);
            }
        }
    }

    /** Gives the partitions up (revoked or lost): claims for their intents fail from now on. */
    void close(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            Optional.ofNullable(owned.remove(partition.partition())).ifPresent(p -> p.close(Duration.ZERO));
        }
    }

    /** How many outbox partitions this instance owns now. */
    int size() {
        return owned.size();
    }

    /**
     * Commits the record in a transaction of the partition's producer, and returns only once it is committed.
     *
     * @throws FencedException when this instance no longer owns the partition
     */
    void commit(int partition, ProducerRecord<String, byte[]> record) {
        KafkaProducer<String, byte[]> producer = owned.get(partition);
        if (producer == null) {
            throw new FencedException(partition, null);
        }
        synchronized (producer) {
            try {
                producer.beginTransaction();
                producer.send(record);
                producer.commitTransaction();
            } catch (KafkaException | IllegalStateException e) {
                // Fenced (ProducerFencedException, InvalidProducerEpochException), closed by a revocation, or a
                // failed commit: none of them lets this claim stand, so the intent is left to the partition's owner.
                LOG.warn("Claim on outbox partition {} refused: {}", partition, e.toString());
                if (owned.remove(partition, producer)) {
                    producer.close(Duration.ZERO);
                }
                throw new FencedException(partition, e);
            }
        }
    }

    /** The outbox partition an intent of this customer is on (the outbox is keyed by customer id). */
    static int outboxPartition(String customerId, int partitions) {
        return BuiltInPartitioner.partitionForKey(customerId.getBytes(StandardCharsets.UTF_8), partitions);
    }

    @Override
    public void close() {
        owned.keySet().forEach(partition -> Optional.ofNullable(owned.remove(partition))
                .ifPresent(p -> p.close(Duration.ZERO)));
    }
}
