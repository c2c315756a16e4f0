package dev.nudge.simulator;

import dev.nudge.platform.kafka.KafkaClientProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import dev.nudge.platform.kafka.AvroCodec;
import dev.nudge.platform.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes a simulated stream to Nudge's topics with a plain idempotent producer (acks=all): values in Avro
 * single-object encoding, keyed by customer id (by sku for the catalog). The Kafka record timestamp is the time
 * of writing unless {@link RecordTimestamp#EVENT_TIME} is asked for; the event time is always inside the record.
 * Brokers delete records whose timestamp is older than the topic's retention, and refuse ones far in the future,
 * so event-time timestamps suit only runs close to the present.
 */
public final class KafkaEventWriter implements AutoCloseable {

    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<TopicKind, String> topicNames = new EnumMap<>(TopicKind.class);
    private final Map<TopicKind, AvroCodec<SpecificRecord>> codecs = new EnumMap<>(TopicKind.class);
    private final RecordTimestamp timestamps;

    /** Which time a Kafka record is stamped with. */
    public enum RecordTimestamp { WRITE_TIME, EVENT_TIME }

    public KafkaEventWriter(String bootstrapServers, Topics topics) {
        this(producerConfig(bootstrapServers), topics, RecordTimestamp.WRITE_TIME);
    }

    /** @param producerConfig settings for the producer, such as {@link #producerConfig(String)} with changes */
    public KafkaEventWriter(Map<String, Object> producerConfig, Topics topics, RecordTimestamp timestamps) {
        this.producer = new KafkaProducer<>(producerConfig);
        this.timestamps = timestamps;
        for (TopicKind kind : TopicKind.values()) {
            topicNames.put(kind, kind.in(topics).name());
            codecs.put(kind, codec(kind));
        }
    }

    /** The producer settings: idempotent, acks=all, one request in flight, batched for throughput. */
    public static Map<String, Object> producerConfig(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>(KafkaClientProperties.asMap());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // One request in flight: on a topic created a moment ago the first batch can bounce (NOT_LEADER) while a
        // later one lands, and the retried first batch is then refused as out of sequence until it times out.
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "nudge-simulator");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /** Writes every event as fast as the broker takes them. */
    public WriteReport write(Iterator<SimEvent> events) {
        return write(events, 0, report -> { });
    }

    /**
     * Writes every event, at most {@code eventsPerSecond} a second (0 or less: as fast as possible), calling
     * {@code progress} about once a second, and returns once the broker has acknowledged them all.
     *
     * @throws KafkaException if any record could not be written
     */
    public WriteReport write(Iterator<SimEvent> events, double eventsPerSecond, Consumer<WriteReport> progress) {
        Map<String, LongAdder> acknowledged = new ConcurrentHashMap<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long startNanos = System.nanoTime();
        long nextProgress = startNanos + PROGRESS_INTERVAL.toNanos();
        long sent = 0;
        Instant lastEventTime = null;
        while (events.hasNext() && failure.get() == null) {
            SimEvent event = events.next();
            if (eventsPerSecond > 0) {
                awaitTurn(startNanos + (long) (sent * 1e9 / eventsPerSecond));
            }
            String topic = topicNames.get(event.kind());
            Long timestamp = timestamps == RecordTimestamp.EVENT_TIME ? event.eventTime().toEpochMilli() : null;
            byte[] value = codecs.get(event.kind()).encode(event.value());
            producer.send(new ProducerRecord<>(topic, null, timestamp, event.keyBytes(), value), (metadata, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                } else {
                    acknowledged.computeIfAbsent(topic, name -> new LongAdder()).increment();
                }
            });
            sent++;
            lastEventTime = event.eventTime();
            if (System.nanoTime() >= nextProgress) {
                progress.accept(report(acknowledged, sent, startNanos, lastEventTime));
                nextProgress += PROGRESS_INTERVAL.toNanos();
            }
        }
        producer.flush();
        if (failure.get() != null) {
            throw new KafkaException("Writing the simulated stream failed after " + sent + " records", failure.get());
        }
        return report(acknowledged, sent, startNanos, lastEventTime);
    }

    @Override
    public void close() {
        producer.close();
    }

    private static WriteReport report(Map<String, LongAdder> acknowledged, long sent, long startNanos, Instant last) {
        Map<String, Long> perTopic = new HashMap<>();
        acknowledged.forEach((topic, count) -> perTopic.put(topic, count.sum()));
        return new WriteReport(perTopic, sent, Duration.ofNanos(System.nanoTime() - startNanos), last);
    }

    /** Pacing, not synchronisation: parks until the event's slot in the target rate comes. */
    private static void awaitTurn(long dueNanos) {
        for (long wait = dueNanos - System.nanoTime(); wait > 0; wait = dueNanos - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }

    @SuppressWarnings("unchecked")
    private static AvroCodec<SpecificRecord> codec(TopicKind kind) {
        return (AvroCodec<SpecificRecord>) AvroCodec.of(kind.valueClass());
    }
}
