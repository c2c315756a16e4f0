package dev.nudge.dispatcher;

import dev.nudge.dispatcher.ledger.SendLedgerEntry;
import dev.nudge.dispatcher.ledger.SendState;
import dev.nudge.events.SmsIntent;
import dev.nudge.platform.kafka.AvroCodec;
import dev.nudge.platform.kafka.UndecodableRecordException;
import dev.nudge.platform.topics.TopicAdmin;
import dev.nudge.platform.twilio.TwilioSmsClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox through Twilio effectively once. See jobs/dispatcher/README.md for the ledger protocol and what
 * happens in each crash window.
 *
 * <pre>
 * Dispatcher dispatcher = Dispatcher.start(settings);   // reads the ledger, reconciles, starts consuming
 * ...
 * dispatcher.close();                                   // graceful: finishes the batch in hand
 * </pre>
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final DispatcherSettings settings;
    private final SendLedger ledger;
    private final LedgerFences fences;
    private final SuppressionList suppressions;
    private final EngagementPublisher engagements;
    private final IntentSender sender;
    private final KafkaConsumer<String, byte[]> outbox;
    private final AvroCodec<SmsIntent> intentCodec;
    private final ExecutorService sendThreads;
    private final ScheduledExecutorService inDoubtRecheck;
    private final Thread loop;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DispatcherStats stats = new DispatcherStats(metrics);
    private final KafkaClientMetrics outboxMetrics;
    private volatile boolean running = true;
    private volatile Throwable failure;

    private Dispatcher(DispatcherSettings settings, TwilioSmsClient twilio, Clock clock, DispatcherHooks hooks) {
        this.settings = settings;
        var topics = settings.topics();
        TopicAdmin.ensure(settings.bootstrapServers(),
                List.of(topics.outbox(), topics.engagements(), topics.suppressions(), SendLedgerTopic.of(topics)));
        this.ledger = new SendLedger(settings.bootstrapServers(), SendLedgerTopic.of(topics), stats.inDoubtOpen);
        this.fences = new LedgerFences(settings.bootstrapServers(), settings.groupId());
        this.suppressions = new SuppressionList(settings.bootstrapServers(), topics, clock);
        this.engagements = new EngagementPublisher(settings.bootstrapServers(), topics.engagements());
        this.sender = new IntentSender(settings, twilio, ledger, fences, suppressions, engagements, clock, hooks,
                stats);
        this.intentCodec = topics.outbox().codec();
        AtomicInteger threads = new AtomicInteger();
        this.sendThreads = Executors.newFixedThreadPool(settings.maxConcurrentSends(), runnable -> {
            Thread thread = new Thread(runnable, "dispatcher-send-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        ledger.catchUp();
        suppressions.start();
        this.inDoubtRecheck = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dispatcher-in-doubt-recheck");
            thread.setDaemon(true);
            return thread;
        });
        inDoubtRecheck.scheduleWithFixedDelay(this::recheckInDoubt, settings.inDoubtRecheck().toMillis(),
                settings.inDoubtRecheck().toMillis(), TimeUnit.MILLISECONDS);
        this.outbox = KafkaClients.outboxReader(settings);
        Gauge.builder("nudge.dispatcher.ledger.intents", ledger, SendLedger::size)
                .description("intents the send ledger holds").register(metrics);
        // The outbox consumer's own metrics, its lag among them (kafka_consumer_fetch_manager_records_lag*).
        this.outboxMetrics = new KafkaClientMetrics(outbox);
        outboxMetrics.bindTo(metrics);
        this.loop = new Thread(this::run, "dispatcher-outbox");
    }

    /**
     * Reads the ledger and the suppression list, then joins the outbox's consumer group; on each partition it is
     * given it reconciles the sends a previous owner left in doubt before sending.
     */
    public static Dispatcher start(DispatcherSettings settings) {
        return start(settings, SingleAttemptPosts.smsClient(settings.twilio()), Clock.systemUTC(), DispatcherHooks.NONE);
    }

    /** With a Twilio client, clock and hooks of the caller's choosing (tests). */
    public static Dispatcher start(DispatcherSettings settings, TwilioSmsClient twilio, Clock clock,
            DispatcherHooks hooks) {
        Dispatcher dispatcher = new Dispatcher(settings, twilio, clock, hooks);
        dispatcher.loop.start();
        return dispatcher;
    }

    public DispatcherStats stats() {
        return stats;
    }

    /** Everything this dispatcher measures, for {@code /metrics}. */
    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /** The intent's latest ledger entry as this dispatcher knows it. */
    public Optional<SendLedgerEntry> ledgerEntry(String intentId) {
        return ledger.latest(intentId);
    }

    /** When this dispatcher learned that the customer opted out, if it has. */
    public Optional<Instant> optedOutSince(String brandId, String customerId) {
        return suppressions.optedOutSince(brandId, customerId);
    }

    /** How many outbox partitions this instance owns, and may send for, now. */
    public int ownedPartitions() {
        return fences.size();
    }

    /** Why the dispatcher stopped on its own, if it did. */
    public Throwable failure() {
        return failure;
    }

    public boolean isRunning() {
        return loop.isAlive();
    }

    private void run() {
        try {
            outbox.subscribe(List.of(settings.topics().outbox().name()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    fences.close(partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    fences.close(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    takeOver(partitions);
                }
            });
            while (running) {
                ConsumerRecords<String, byte[]> records = outbox.poll(POLL_TIMEOUT);
                if (!records.isEmpty()) {
                    Set<Integer> fencedOff = dispatch(records);
                    commit(nextOffsets(records, fencedOff));
                }
            }
        } catch (WakeupException e) {
            // close() asked the loop to stop
        } catch (Throwable e) {
            failure = e;
            LOG.error("Dispatcher stopped: offsets of the batch in hand stay uncommitted", e);
        } finally {
            outbox.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Fences off the partitions' previous owners (their open claims are aborted, their later ones refused), reads
     * what they wrote to the ledger, and reconciles the sends they left ATTEMPTING. The sender budget is shared by
     * the share of the outbox this instance now owns.
     */
    private void takeOver(Collection<TopicPartition> partitions) {
        fences.open(partitions);
        ledger.catchUp();
        int total = outbox.partitionsFor(settings.topics().outbox().name()).size();
        sender.shareSenderBudget((double) outbox.assignment().size() / total);
        Set<Integer> taken = partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
        sender.reconcileAll(ledger.attempting().stream()
                .filter(entry -> taken.contains(LedgerFences.outboxPartition(entry.getCustomerId(), total)))
                .toList());
    }

    /**
     * Sends every intent of the batch, at most maxConcurrentSends at once, and waits for all of them.
     *
     * @return the partitions whose sends were fenced off: they moved to another instance, which sends them
     */
    private Set<Integer> dispatch(ConsumerRecords<String, byte[]> records)
            throws InterruptedException, ExecutionException {
        Set<Integer> fencedOff = ConcurrentHashMap.newKeySet();
        Set<String> inBatch = new HashSet<>();
        List<Future<?>> sends = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            SmsIntent intent;
            try {
                intent = intentCodec.decode(record.value());
            } catch (UndecodableRecordException e) {
                LOG.warn("Skipping an unreadable outbox record at {}-{}@{}: {}", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                stats.unreadable.incrementAndGet();
                continue;
            }
            stats.received.incrementAndGet();
            if (!inBatch.add(intent.getIntentId()) || ledger.latest(intent.getIntentId()).isPresent()) {
                stats.duplicates.incrementAndGet();
                continue;
            }
            int partition = record.partition();
            sends.add(sendThreads.submit(() -> {
                try {
                    sender.send(intent, partition);
                } catch (LedgerFences.FencedException e) {
                    stats.fenced.incrementAndGet();
                    fencedOff.add(partition);
                }
            }));
        }
        for (Future<?> send : sends) {
            send.get();
        }
        return fencedOff;
    }

    /** A commit refused because the group moved on is harmless: the new owner reads from the last committed offset. */
    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            outbox.commitSync(offsets);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            LOG.warn("Outbox offsets not committed, the group is rebalancing: {}", e.getMessage());
        }
    }

    /** A failed pass is logged and the next one tries again: what stays in doubt shows in the stats' gauge. */
    private void recheckInDoubt() {
        try {
            sender.recheckInDoubt(ledger.inDoubt());
        } catch (RuntimeException e) {
            LOG.error("Looking up texts in doubt failed; trying again in {}", settings.inDoubtRecheck(), e);
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records,
            Set<Integer> fencedOff) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            if (fencedOff.contains(partition.partition())) {
                continue;
            }
            List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        return offsets;
    }

    /** Graceful stop: the batch in hand is finished and committed, then every client is closed. */
    @Override
    public void close() {
        running = false;
        try {
            loop.join(Duration.ofMinutes(1).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sendThreads.shutdownNow();
        inDoubtRecheck.shutdownNow();
        fences.close();
        outboxMetrics.close();
        suppressions.close();
        engagements.close();
        ledger.close();
    }
}
