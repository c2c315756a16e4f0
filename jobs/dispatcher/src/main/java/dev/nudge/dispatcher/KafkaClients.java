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
        settings.instanceId().ifPresent(id -> {
            properties.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id);
            properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "15000");
        });
        // A batch waits for every send, retries and backoff included, before the next poll.
        properties.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, String.valueOf(15 * 60 * 1000));
        return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
