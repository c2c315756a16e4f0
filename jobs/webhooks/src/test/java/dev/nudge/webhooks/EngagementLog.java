package dev.nudge.webhooks;

import dev.nudge.events.EngagementEvent;
import dev.nudge.platform.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads the engagement topic from the beginning into memory, on the caller's thread, for assertions. */
final class EngagementLog implements AutoCloseable {

    static final Duration DEADLINE = Duration.ofSeconds(60);

    private final Topic<EngagementEvent> topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final List<EngagementEvent> events = new ArrayList<>();

    EngagementLog(String bootstrapServers, Topic<EngagementEvent> topic) {
        this.topic = topic;
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        partitions = consumer.partitionsFor(topic.name()).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Every event on the topic up to its end offsets as of now. */
    List<EngagementEvent> readToEnd() {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
            poll();
        }
        return List.copyOf(events);
    }

    /** Reads until the events matching {@code filter} satisfy {@code condition}; those events. */
    List<EngagementEvent> await(Predicate<EngagementEvent> filter, Predicate<List<EngagementEvent>> condition,
            String what) {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (true) {
            List<EngagementEvent> matching = readToEnd().stream().filter(filter).toList();
            if (condition.test(matching)) {
                return matching;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out after " + DEADLINE + " waiting for " + what + "; have " + matching);
            }
            poll();
        }
    }

    /** The events so far of one intent (messageId). */
    List<EngagementEvent> ofIntent(String intentId) {
        return readToEnd().stream().filter(e -> intentId.equals(e.getMessageId())).toList();
    }

    private void poll() {
        consumer.poll(Duration.ofMillis(50)).forEach(record -> {
            if (record.value() != null) {
                events.add(topic.codec().decode(record.value()));
            }
        });
    }

    @Override
    public void close() {
        consumer.close();
    }
}
