package dev.nudge.webhooks;

import dev.nudge.platform.kafka.KafkaClientProperties;
import dev.nudge.domain.definition.TrackedLinks;
import dev.nudge.dispatcher.SendLedgerTopic;
import dev.nudge.dispatcher.ledger.SendLedgerEntry;
import dev.nudge.dispatcher.ledger.SendState;
import dev.nudge.platform.kafka.AvroCodec;
import dev.nudge.platform.topics.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Who a text went to, from the dispatcher's send ledger (tailed in the background): intentId → its latest entry, and
 * (customer phone, our sender) and (customer phone, brand) → the latest text sent there. The ledger, not the outbox, because it holds only texts
 * that were really handed to Twilio and, being compacted, never forgets them (the outbox keeps a week).
 *
 * <p>Any entry of an intent is kept, not only SENT: Twilio's first status callback can arrive before the dispatcher
 * has written SENT, but never before ATTEMPTING (written and acknowledged before the Twilio call), which carries
 * the same customer, brand and sequence.
 */
final class LedgerView implements AutoCloseable {

    private final Map<String, SendLedgerEntry> byIntent = new ConcurrentHashMap<>();
    private final Map<String, SendLedgerEntry> byPhoneAndSender = new ConcurrentHashMap<>();
    private final Map<String, SendLedgerEntry> byPhone = new ConcurrentHashMap<>();
    private final Map<String, SendLedgerEntry> byPhoneAndBrand = new ConcurrentHashMap<>();
    private final Map<String, String> intentByLinkToken = new ConcurrentHashMap<>();
    private final TrackedLinks links;
    private final Consumer<String> onIntent;
    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroCodec<SendLedgerEntry> codec;
    private final KafkaClientMetrics consumerMetrics;
    private final Thread thread;

    /** {@code onIntent} hears of each intent read, on the tail's thread (so it must not block). */
    LedgerView(String bootstrapServers, Topics topics, TrackedLinks links, Consumer<String> onIntent,
               MeterRegistry metrics) {
        this.links = links;
        this.onIntent = onIntent;
        var topic = SendLedgerTopic.of(topics);
        this.codec = topic.codec();
        Properties properties = KafkaClientProperties.base();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Gauge.builder("nudge.webhooks.ledger.intents", byIntent, Map::size)
                .description("intents the ledger view holds").register(metrics);
        // The tail's own consumer metrics, its lag among them (kafka_consumer_fetch_manager_records_lag*).
        this.consumerMetrics = new KafkaClientMetrics(consumer);
        consumerMetrics.bindTo(metrics);
        this.thread = new Thread(this::tail, "webhooks-ledger");
        thread.setDaemon(true);
        thread.start();
    }

    Optional<SendLedgerEntry> send(String intentId) {
        return Optional.ofNullable(byIntent.get(intentId));
    }

    /** The intent's entry, waiting up to {@code patience} for the tail to read it (it may be a moment behind). */
    Optional<SendLedgerEntry> awaitSend(String intentId, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        synchronized (byIntent) {
            SendLedgerEntry entry;
            while ((entry = byIntent.get(intentId)) == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                byIntent.wait(Math.max(1, left / 1_000_000));
            }
            return Optional.of(entry);
        }
    }

    /** The text whose tracked link carries {@code token} ({@link TrackedLinks}), if it has one. */
    Optional<SendLedgerEntry> byLinkToken(String token) {
        String intentId = intentByLinkToken.get(token);
        return intentId == null ? Optional.empty() : send(intentId);
    }

    /** The latest text sent to {@code phone} from {@code sender}, else to {@code phone} from any sender. */
    Optional<SendLedgerEntry> latestTo(String phone, String sender) {
        SendLedgerEntry exact = byPhoneAndSender.get(phone + "|" + sender);
        return Optional.ofNullable(exact != null ? exact : byPhone.get(phone));
    }

    /**
     * The locale of the latest text {@code brand} sent to {@code phone}: the language the customer reads that brand
     * in. Empty when the brand never wrote to that phone, or wrote before the ledger recorded locales.
     */
    Optional<String> latestLocale(String phone, String brand) {
        return Optional.ofNullable(byPhoneAndBrand.get(phone + "|" + brand)).map(SendLedgerEntry::getLocale);
    }

    /** Whether the ledger is still being read: without it, callbacks and replies cannot be placed. */
    boolean isTailing() {
        return thread.isAlive();
    }

    /** The latest text sent to {@code phone} by one of {@code brands}. */
    Optional<SendLedgerEntry> latestTo(String phone, Set<String> brands) {
        return brands.stream().map(brand -> byPhoneAndBrand.get(phone + "|" + brand)).filter(Objects::nonNull)
                .reduce(LedgerView::later);
    }

    private void tail() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                var records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (record.value() == null) {
                        continue;
                    }
                    SendLedgerEntry entry = codec.decode(record.value());
                    if (entry.getState() == SendState.SENT) {
                        byPhoneAndSender.merge(entry.getToPhone() + "|" + entry.getSender(), entry, LedgerView::later);
                        byPhone.merge(entry.getToPhone(), entry, LedgerView::later);
                        byPhoneAndBrand.merge(entry.getToPhone() + "|" + entry.getBrandId(), entry, LedgerView::later);
                    }
                    if (entry.getLinkTarget() != null) {
                        intentByLinkToken.putIfAbsent(links.token(entry.getIntentId()), entry.getIntentId());
                    }
                    // Last, so whoever sees the intent SENT here finds it by phone and link too.
                    byIntent.put(entry.getIntentId(), entry);
                    onIntent.accept(entry.getIntentId());
                }
                if (!records.isEmpty()) {
                    synchronized (byIntent) {
                        byIntent.notifyAll();
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumerMetrics.close();
            consumer.close();
        }
    }

    private static SendLedgerEntry later(SendLedgerEntry a, SendLedgerEntry b) {
        return b.getAt().isBefore(a.getAt()) ? a : b;
    }

    @Override
    public void close() {
        consumer.wakeup();
    }
}
