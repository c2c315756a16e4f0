package dev.nudge.devstack.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Tells when a consumer group has committed everything written to some topics so far. A Flink Kafka source commits
 * on checkpoints, so this is the moment every record before it has been through the job. Not for transactional
 * topics: a consumer's committed offset stops before the last commit marker, so it never reaches the end offset.
 */
public final class ConsumerProgress implements AutoCloseable {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final Admin admin;

    public ConsumerProgress(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.admin = Admin.create(properties);
    }

    /** Waits until {@code group} has committed the end offsets the topics have now; fails after {@code timeout}. */
    public void awaitConsumed(String group, Collection<String> topics, Duration timeout) {
        Map<TopicPartition, Long> ends = endOffsets(topics);
        Instant deadline = Instant.now().plus(timeout);
        while (!caughtUp(group, ends)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("consumer group " + group + " did not consume " + topics + " within " + timeout);
            }
            LockSupport.parkNanos(POLL_INTERVAL.toNanos());
        }
    }

    private boolean caughtUp(String group, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, OffsetAndMetadata> committed = call(() ->
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get());
        return ends.entrySet().stream().allMatch(end -> end.getValue() == 0
                || committed.get(end.getKey()) != null && committed.get(end.getKey()).offset() >= end.getValue());
    }

    private Map<TopicPartition, Long> endOffsets(Collection<String> topics) {
        Map<TopicPartition, OffsetSpec> request = call(() -> admin.describeTopics(topics).allTopicNames().get()).values()
                .stream()
                .flatMap(description -> description.partitions().stream()
                        .map(partition -> new TopicPartition(description.name(), partition.partition())))
                .collect(Collectors.toMap(Function.identity(), partition -> OffsetSpec.latest()));
        return call(() -> admin.listOffsets(request).all().get()).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
    }

    private static <T> T call(AdminCall<T> call) {
        try {
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Kafka", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka admin call failed", e.getCause());
        }
    }

    private interface AdminCall<T> {
        T get() throws InterruptedException, ExecutionException;
    }

    @Override
    public void close() {
        admin.close();
    }
}
