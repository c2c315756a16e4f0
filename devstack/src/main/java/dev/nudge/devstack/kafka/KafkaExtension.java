package dev.nudge.devstack.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Kafka broker per test class, started before the first test and stopped after the last:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final KafkaExtension KAFKA = new KafkaExtension().withTopics(List.of(new NewTopic("orders", 4, (short) 1)));
 * </pre>
 *
 * Register it on a static field; an instance field would start no broker.
 */
public final class KafkaExtension implements BeforeAllCallback, AfterAllCallback {

    private final List<NewTopic> topics = new ArrayList<>();
    private EmbeddedKafka kafka;
    /** The class that started the broker: @Nested classes inherit the extension and must not restart it. */
    private String startedBy;

    /** Topics created as soon as the broker is up, before any test runs. */
    public KafkaExtension withTopics(Collection<NewTopic> topics) {
        this.topics.addAll(topics);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (kafka != null) {
            return;
        }
        kafka = EmbeddedKafka.start();
        startedBy = context.getUniqueId();
        kafka.createTopics(topics);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (kafka != null && context.getUniqueId().equals(startedBy)) {
            kafka.close();
            kafka = null;
        }
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** Creates more topics while the tests run; existing ones are left as they are. */
    public void createTopics(Collection<NewTopic> moreTopics) {
        broker().createTopics(moreTopics);
    }

    private EmbeddedKafka broker() {
        if (kafka == null) {
            throw new IllegalStateException("Kafka is not running: register the KafkaExtension on a static field");
        }
        return kafka;
    }
}
