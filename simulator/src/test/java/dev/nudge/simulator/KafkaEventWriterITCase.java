package dev.nudge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.nudge.devstack.kafka.KafkaExtension;
import dev.nudge.platform.kafka.AvroCodec;
import dev.nudge.platform.topics.Topic;
import dev.nudge.platform.topics.Topics;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaEventWriterITCase {

    private static final int EVENTS = 10_000;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension()
            .withTopics(Topics.standard().all().stream().map(Topic::toNewTopic).toList());

    @Test
    void writesTenThousandEventsThatReadBackDecodedInOrderPerKey() {
        Topics topics = Topics.standard();
        List<SimEvent> written = first(EVENTS, Simulation.of(SimulationConfig.defaults()).events());

        WriteReport report;
        try (KafkaEventWriter writer = new KafkaEventWriter(KAFKA.bootstrapServers(), topics)) {
            report = writer.write(written.iterator());
        }
        System.out.println("Wrote " + report);

        Map<String, Long> expectedPerTopic = written.stream()
                .collect(Collectors.groupingBy(e -> e.kind().in(topics).name(), Collectors.counting()));
        assertThat(report.perTopic()).isEqualTo(expectedPerTopic);
        assertThat(report.sent()).isEqualTo(EVENTS);
        assertThat(report.lastEventTime()).isEqualTo(written.get(EVENTS - 1).eventTime());

        Map<String, List<String>> writtenIdsByKey = idsByKey(written);
        List<SimEvent> read = readAll(topics, EVENTS);
        assertThat(read).hasSize(EVENTS);
        assertThat(idsByKey(read)).as("every key's events, in the order written").isEqualTo(writtenIdsByKey);
        Map<String, SimEvent> writtenById = written.stream().collect(Collectors.toMap(KafkaEventWriterITCase::id, e -> e));
        assertThat(read).allSatisfy(event -> assertThat(event.value()).isEqualTo(writtenById.get(id(event)).value()));
    }

    @Test
    void pacesToTheTargetRateUnderAPrefix() {
        Topics topics = Topics.withPrefix("paced.");
        KAFKA.createTopics(topics.all().stream().map(Topic::toNewTopic).toList());
        List<SimEvent> written = first(300, Simulation.of(SimulationConfig.defaults().withSeed(5)).events());
        List<WriteReport> progress = new ArrayList<>();

        WriteReport report;
        try (KafkaEventWriter writer = new KafkaEventWriter(KAFKA.bootstrapServers(), topics)) {
            report = writer.write(written.iterator(), 200, progress::add);
        }

        // 300 events at 200/s: the last is not sent before 299/200 s.
        assertThat(report.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(1_495));
        assertThat(report.acknowledged()).isEqualTo(300);
        assertThat(report.perTopic().keySet()).allSatisfy(topic -> assertThat(topic).startsWith("paced.nudge."));
        assertThat(progress).isNotEmpty();
        assertThat(readAll(topics, 300)).hasSize(300);
    }

    private static List<SimEvent> first(int count, Iterator<SimEvent> events) {
        List<SimEvent> first = new ArrayList<>();
        while (first.size() < count && events.hasNext()) {
            first.add(events.next());
        }
        assertThat(first).hasSize(count);
        return first;
    }

    /** Reads every simulated topic from the start until {@code expected} records are in, decoding each value. */
    private static List<SimEvent> readAll(Topics topics, int expected) {
        Map<String, TopicKind> kindByTopic = new HashMap<>();
        for (TopicKind kind : TopicKind.values()) {
            kindByTopic.put(kind.in(topics).name(), kind);
        }
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<SimEvent> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = kindByTopic.keySet().stream()
                    .flatMap(topic -> consumer.partitionsFor(topic).stream()
                            .map(info -> new TopicPartition(topic, info.partition())))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (read.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicKind kind = kindByTopic.get(record.topic());
                    SpecificRecord value = AvroCodec.of(kind.valueClass()).decode(record.value());
                    read.add(new SimEvent(kind, new String(record.key(), StandardCharsets.UTF_8), value,
                            (Instant) ((GenericRecord) value).get("eventTime")));
                }
            }
        }
        return read;
    }

    private static Map<String, List<String>> idsByKey(List<SimEvent> events) {
        Map<String, List<String>> ids = new HashMap<>();
        for (SimEvent event : events) {
            ids.computeIfAbsent(event.kind() + "/" + event.key(), key -> new ArrayList<>()).add(id(event));
        }
        return ids;
    }

    private static String id(SimEvent event) {
        return String.valueOf(((GenericRecord) event.value()).get("eventId"));
    }
}
