package dev.nudge.dispatcher;

import dev.nudge.platform.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
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

/** Test I/O against the real broker: produce records, read a whole topic, wait on conditions with a deadline. */
final class Kafkas implements AutoCloseable {

    static final Duration DEADLINE = Duration.ofSeconds(90);

    private final String bootstrapServers;
    private final KafkaProducer<byte[], byte[]> producer;

    Kafkas(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        // Not idempotent: on a loaded machine the embedded broker has refused an idempotent producer's retried first
        // batch as out of order, for ever (FencingITCase). The dispatcher drops a repeated intent by its id.
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    <T extends SpecificRecord> void send(Topic<T> topic, String key, T record) {
        producer.send(new ProducerRecord<>(topic.name(), key.getBytes(StandardCharsets.UTF_8),
                topic.codec().encode(record)));
    }

    void flush() {
        producer.flush();
    }

    /** Every record on the topic right now (committed ones), read from the beginning. */
    <T extends SpecificRecord> List<T> readAll(Topic<T> topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<T> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        records.add(topic.codec().decode(record.value()));
                    }
                }
            }
        }
        return records;
    }

    <T extends SpecificRecord> List<T> readUntil(Topic<T> topic, Predicate<List<T>> condition, String what) {
        List<List<T>> last = new ArrayList<>(List.of(List.of()));
        await(() -> {
            last.set(0, readAll(topic));
            return condition.test(last.get(0));
        }, what);
        return last.get(0);
    }

    static void await(BooleanSupplier condition, String what) {
        await(condition, what, DEADLINE);
    }

    static void await(BooleanSupplier condition, String what, Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out after " + within + " waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
