package dev.nudge.devstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaITCase {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        long startedAt = System.nanoTime();
        kafka = EmbeddedKafka.start();
        System.out.printf("EmbeddedKafka started in %d ms%n", (System.nanoTime() - startedAt) / 1_000_000);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void createsTopicsIdempotentlyAndDeliversRecords() throws Exception {
        NewTopic orders = new NewTopic("orders", 3, (short) 1);
        kafka.createTopics(List.of(orders));
        kafka.createTopics(List.of(orders, new NewTopic("refunds", 1, (short) 1)));

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).contains("orders", "refunds");
            assertThat(admin.describeTopics(List.of("orders")).allTopicNames().get().get("orders").partitions())
                    .hasSize(3);
        }
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("orders", "customer-" + i, "order-" + i)).get();
            }
        }
        assertThat(values(consumeUntilEnd("orders", "read_uncommitted")))
                .containsExactlyInAnyOrder("order-0", "order-1", "order-2", "order-3", "order-4");
    }

    @Test
    void readCommittedConsumersNeverSeeAbortedTransactions() throws Exception {
        kafka.createTopics(List.of(new NewTopic("intents", 1, (short) 1)));
        try (KafkaProducer<String, String> producer = producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "intents-" + UUID.randomUUID()))) {
            producer.initTransactions();
            sendInTransaction(producer, "committed-1");
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("intents", "k", "aborted")).get();
            producer.abortTransaction();
            sendInTransaction(producer, "committed-2");
        }

        assertThat(values(consumeUntilEnd("intents", "read_committed")))
                .containsExactly("committed-1", "committed-2");
        // The aborted record is really in the log: only the isolation level hides it.
        assertThat(values(consumeUntilEnd("intents", "read_uncommitted")))
                .containsExactly("committed-1", "aborted", "committed-2");
    }

    @Test
    void refusesTransactionsLongerThanFifteenMinutes() {
        try (KafkaProducer<String, String> producer = producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "too-long-" + UUID.randomUUID(),
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) Duration.ofMinutes(16).toMillis()))) {
            assertThatThrownBy(producer::initTransactions)
                    .isInstanceOf(KafkaException.class)
                    .hasMessageContaining("transaction.max.timeout.ms");
        }
    }

    @Test
    void keepsDataAcrossRestartsInAGivenFolder(@TempDir Path dataDir) throws Exception {
        try (EmbeddedKafka first = EmbeddedKafka.start(0, dataDir)) {
            first.createTopics(List.of(new NewTopic("kept", 1, (short) 1)));
            try (KafkaProducer<String, String> producer = producer(first, Map.of())) {
                producer.send(new ProducerRecord<>("kept", "k", "survives a restart")).get();
            }
        }
        assertThat(dataDir.resolve("meta.properties")).exists();

        try (EmbeddedKafka second = EmbeddedKafka.start(0, dataDir)) {
            assertThat(values(consumeUntilEnd(second, "kept", "read_committed"))).containsExactly("survives a restart");
        }
        assertThat(dataDir.resolve("meta.properties")).exists();
    }

    @Test
    void deletesTemporaryDataOnClose() {
        EmbeddedKafka temporary = EmbeddedKafka.start();
        Path dataDir = temporary.dataDir();
        assertThat(dataDir.resolve("meta.properties")).exists();
        temporary.close();
        temporary.close();
        assertThat(Files.exists(dataDir)).isFalse();
    }

    private static void sendInTransaction(KafkaProducer<String, String> producer, String value)
            throws ExecutionException, InterruptedException {
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("intents", "k", value)).get();
        producer.commitTransaction();
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> overrides) {
        return producer(kafka, overrides);
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafka broker, Map<String, Object> overrides) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.putAll(overrides);
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> consumeUntilEnd(String topic, String isolationLevel) {
        return consumeUntilEnd(kafka, topic, isolationLevel);
    }

    /** Reads a topic from the start until the consumer's position reaches the end offsets seen at that level. */
    private static List<ConsumerRecord<String, String>> consumeUntilEnd(
            EmbeddedKafka broker, String topic, String isolationLevel) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            Set<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .collect(Collectors.toSet());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (!partitions.stream().allMatch(p -> consumer.position(p) >= endOffsets.get(p))) {
                assertThat(System.nanoTime()).as("reached the end of %s in time", topic).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }
}
