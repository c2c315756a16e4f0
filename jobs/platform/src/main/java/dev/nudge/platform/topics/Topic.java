package dev.nudge.platform.topics;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.nudge.platform.kafka.AvroCodec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * One Kafka topic as Nudge declares it: its full name, shape and settings, and the Avro record its values hold.
 * Declared once, in {@link Topics}.
 *
 * @param name        the full topic name, prefix included
 * @param partitions  how many partitions it is created with
 * @param replication how many replicas; {@link #BROKER_DEFAULT_REPLICATION} leaves it to the broker's
 *                    {@code default.replication.factor}
 * @param configs     topic-level settings such as {@code cleanup.policy} and {@code retention.ms}
 * @param valueClass  the generated Avro class of the values, written with {@link AvroCodec}
 */
public record Topic<T extends SpecificRecord>(
        String name, int partitions, short replication, Map<String, String> configs, Class<T> valueClass)
        implements Serializable {

    /** Use the cluster's own {@code default.replication.factor}: 1 on a dev broker, typically 3 in production. */
    public static final short BROKER_DEFAULT_REPLICATION = -1;

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(valueClass, "valueClass");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A topic needs a name");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException(name + ": partitions must be at least 1, not " + partitions);
        }
        if (replication < 1 && replication != BROKER_DEFAULT_REPLICATION) {
            throw new IllegalArgumentException(name + ": replication must be at least 1, not " + replication);
        }
        configs = Map.copyOf(configs);
    }

    public boolean compacted() {
        return TopicConfig.CLEANUP_POLICY_COMPACT.equals(configs.get(TopicConfig.CLEANUP_POLICY_CONFIG));
    }

    public AvroCodec<T> codec() {
        return AvroCodec.of(valueClass);
    }

    /** The creation request for Kafka's admin client. */
    public NewTopic toNewTopic() {
        Optional<Short> replicationFactor =
                replication == BROKER_DEFAULT_REPLICATION ? Optional.empty() : Optional.of(replication);
        return new NewTopic(name, Optional.of(partitions), replicationFactor).configs(configs);
    }
}
