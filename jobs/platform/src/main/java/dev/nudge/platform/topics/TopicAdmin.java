package dev.nudge.platform.topics;

import dev.nudge.platform.kafka.KafkaClientProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics a job needs before it starts (brokers do not create topics on first use). Safe to call on
 * every start: topics that exist are left exactly as they are.
 */
public final class TopicAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
    private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private TopicAdmin() {
    }

    /**
     * {@link #ensure(Admin, Collection)} with an admin client for {@code bootstrapServers} and this process's
     * {@link KafkaClientProperties}. When every topic exists it only lists and describes them: no admin rights needed.
     */
    public static List<String> ensure(String bootstrapServers, Collection<? extends Topic<?>> topics) {
        Properties properties = KafkaClientProperties.base();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(properties)) {
            return ensure(admin, topics);
        }
    }

    /**
     * The topics of {@code topics} that do not exist yet, waiting at most {@code timeout} for the broker. It only
     * lists topics: no admin rights needed.
     */
    public static List<Topic<?>> missing(String bootstrapServers, Collection<? extends Topic<?>> topics,
                                         Duration timeout) throws TimeoutException, ExecutionException {
        Properties properties = KafkaClientProperties.base();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        Admin admin = Admin.create(properties);
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return topics.stream().<Topic<?>>map(topic -> topic).filter(topic -> !existing.contains(topic.name()))
                    .toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while listing topics", e);
        } finally {
            // A broker that never answered leaves the request pending: do not wait for it.
            admin.close(Duration.ZERO);
        }
    }

    /**
     * Creates the missing topics as declared and waits until each of their partitions has a leader.
     * An existing topic whose partition count differs from its declaration is only reported: changing it would
     * move keys to other partitions.
     *
     * @return the names of the topics this call created
     */
    public static List<String> ensure(Admin admin, Collection<? extends Topic<?>> topics) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            var missing = topics.stream().filter(topic -> !existing.contains(topic.name())).toList();
            List<String> created = create(admin, missing);
            warnAboutPartitionDrift(admin, topics.stream().filter(topic -> existing.contains(topic.name())).toList());
            awaitLeaders(admin, created);
            if (!created.isEmpty()) {
                LOG.info("Created topics {}", created);
            }
            return created;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot ensure topics " + names(topics), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while ensuring topics " + names(topics), e);
        }
    }

    private static List<String> create(Admin admin, List<? extends Topic<?>> topics)
            throws ExecutionException, InterruptedException {
        var results = admin.createTopics(topics.stream().map(Topic::toNewTopic).toList()).values();
        List<String> created = new ArrayList<>();
        for (var result : results.entrySet()) {
            try {
                result.getValue().get();
                created.add(result.getKey());
            } catch (ExecutionException e) {
                // Another job starting at the same moment created it first: just as good.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        return created;
    }

    private static void warnAboutPartitionDrift(Admin admin, List<? extends Topic<?>> existingTopics)
            throws ExecutionException, InterruptedException {
        if (existingTopics.isEmpty()) {
            return;
        }
        Map<String, TopicDescription> descriptions = admin.describeTopics(names(existingTopics)).allTopicNames().get();
        for (Topic<?> topic : existingTopics) {
            int actual = descriptions.get(topic.name()).partitions().size();
            if (actual != topic.partitions()) {
                LOG.warn("Topic {} has {} partitions but is declared with {}; left unchanged",
                        topic.name(), actual, topic.partitions());
            }
        }
    }

    private static void awaitLeaders(Admin admin, List<String> topicNames)
            throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + LEADER_TIMEOUT.toNanos();
        while (!topicNames.isEmpty() && !allPartitionsLed(admin, topicNames)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Topics " + topicNames + " have no leader after " + LEADER_TIMEOUT);
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    private static boolean allPartitionsLed(Admin admin, List<String> topicNames)
            throws ExecutionException, InterruptedException {
        try {
            return admin.describeTopics(topicNames).allTopicNames().get().values().stream()
                    .flatMap(description -> description.partitions().stream())
                    .map(TopicPartitionInfo::leader)
                    .allMatch(leader -> leader != null && !leader.isEmpty());
        } catch (ExecutionException e) {
            // The controller has created the topic but the broker answering has not heard of it yet.
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }

    private static List<String> names(Collection<? extends Topic<?>> topics) {
        return topics.stream().map(Topic::name).toList();
    }
}
