package dev.nudge.dispatcher;

import dev.nudge.platform.kafka.KafkaClientProperties;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The Kafka clients the dispatcher uses, configured once. */
final class KafkaClients {

    private KafkaClients() {
    }

    /** acks=all and idempotence: a write the dispatcher waited for survives a broker failover, once. */
    static KafkaProducer<String, byte[]> durableProducer(String bootstrapServers, String clientId) {
        Properties properties = KafkaClientProperties.base();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * A transactional producer whose transactional.id belongs to one outbox partition ({@link LedgerFences}): opening
     * it fences off every earlier producer with that id.
     */
    static KafkaProducer<String, byte[]> fencingProducer(String bootstrapServers, String transactionalId) {
        Properties properties = KafkaClientProperties.base();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        // A claim is one record committed at once: a transaction left open means its producer stalled.
        properties.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "30000");
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    /** A reader that assigns partitions itself (no group) and never commits: for whole-topic state. */
    static KafkaConsumer<String, byte[]> stateReader(String bootstrapServers) {
        Properties properties = KafkaClientProperties.base();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The outbox reader: only committed transactions, offsets committed by hand after the ledger has the batch. */
    static KafkaConsumer<String, byte[]> outboxReader(DispatcherSettings settings) {
        Properties properties = KafkaClientProperties.base();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(settings.maxPollRecords()));
        settings.instanceId().ifPresent(id -> properties.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(settings.sessionTimeout().toMillis()));
        // A batch waits for every send, retries and backoff included, before the next poll. An instance that takes
        // longer loses its partitions, and LedgerFences stops its sends.
        properties.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, String.valueOf(settings.maxPollInterval().toMillis()));
        return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
