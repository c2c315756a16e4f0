package dev.nudge.sequencer;

import dev.nudge.devstack.kafka.ConsumerProgress;
import dev.nudge.platform.topics.Topic;
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
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * Produces to the test broker and reads whole topics (committed records only), waiting with a deadline. Shared with
 * the demo module's tests through this module's test jar.
 */
public final class TopicClient implements AutoCloseable {

    public static final Duration DEADLINE = Duration.ofSeconds(120);

    private final String bootstrapServers;
    private final KafkaProducer<byte[], byte[]> producer;

    public TopicClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public <T extends SpecificRecord> void send(Topic<T> topic, String key, T record) {
        sendRaw(topic.name(), key, topic.codec().encode(record));
    }

    public void sendRaw(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not produce to " + topic, e);
        }
    }

    /** Every committed record on the topic right now, read from the start. */
    public <T extends SpecificRecord> List<T> readAll(Topic<T> topic) {
        try (Tail<T> tail = tail(topic)) {
            return tail.readToEnd();
        }
    }

    /** A reader from the start of the topic that returns what is new on each call. */
    public <T extends SpecificRecord> Tail<T> tail(Topic<T> topic) {
        return new Tail<>(topic, committedReader(bootstrapServers));
    }

    /** Reads the topic from the start until the condition holds for everything read; fails at the deadline. */
    public <T extends SpecificRecord> List<T> readUntil(Topic<T> topic, Predicate<List<T>> condition, String what) {
        List<T> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = committedReader(bootstrapServers)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plus(DEADLINE);
            while (!condition.test(records)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("timed out waiting for " + what + " on " + topic.name()
                            + "; read " + records.size() + " records");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    records.add(topic.codec().decode(record.value()));
                }
            }
        }
        return records;
    }

    /** Waits until a consumer group has committed every record of a topic, i.e. a checkpoint covered them. */
    public void awaitConsumed(String group, String topic) {
        try (ConsumerProgress progress = new ConsumerProgress(bootstrapServers)) {
            progress.awaitConsumed(group, List.of(topic), DEADLINE);
        }
    }

    @Override
    public void close() {
        producer.close();
    }

    private static KafkaConsumer<byte[], byte[]> committedReader(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Committed records of one topic, from its start, handed out as they come. */
    public static final class Tail<T extends SpecificRecord> implements AutoCloseable {

        private final Topic<T> topic;
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<TopicPartition> partitions;

        private Tail(Topic<T> topic, KafkaConsumer<byte[], byte[]> consumer) {
            this.topic = topic;
            this.consumer = consumer;
            this.partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** What arrived since the last call, up to the end the topic has now (tombstones left out). */
        public List<T> readToEnd() {
            List<T> records = new ArrayList<>();
            var ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        records.add(topic.codec().decode(record.value()));
                    }
                }
            }
            return records;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
