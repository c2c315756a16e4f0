package dev.nudge.sequencer;

import dev.nudge.platform.kafka.KafkaClientProperties;
import dev.nudge.events.SequenceDefinition;
import dev.nudge.platform.topics.Topic;
import dev.nudge.platform.topics.TopicAdmin;
import dev.nudge.platform.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Publishes a folder of sequence definitions ({@code *.yaml}) to the definitions topic, keyed by sequence id: how a
 * deployment rolls out the definitions of its ConfigMap (deploy/kubernetes/config.yaml). The running sequencer
 * validates each again and keeps the previous version live when one is rejected.
 *
 * <p>{@code PublishDefinitions --bootstrap-servers kafka:9092 --directory sequences [--topic-prefix staging.]}
 */
public final class PublishDefinitions {

    private static final List<String> NAMES = List.of("bootstrap-servers", "directory", "topic-prefix");
    private static final String USAGE =
            "usage: PublishDefinitions --bootstrap-servers host:port --directory folder [--topic-prefix prefix]";

    private PublishDefinitions() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options;
        try {
            options = options(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Topic<SequenceDefinition> topic = Topics.withPrefix(options.getOrDefault("topic-prefix", "")).sequenceDefinitions();
        List<SequenceDefinition> definitions = DefinitionFiles.read(Path.of(options.get("directory")), Instant.now());
        TopicAdmin.ensure(options.get("bootstrap-servers"), List.of(topic));
        publish(options.get("bootstrap-servers"), topic, definitions);
        definitions.forEach(definition -> System.out.println("published " + definition.getSequenceId() + "@"
                + definition.getVersion()));
    }

    public static void publish(String bootstrapServers, Topic<SequenceDefinition> topic, List<SequenceDefinition> definitions)
            throws InterruptedException, ExecutionException {
        Map<String, Object> config = new HashMap<>(KafkaClientProperties.asMap());
        config.putAll(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (SequenceDefinition definition : definitions) {
                producer.send(new ProducerRecord<>(topic.name(), definition.getSequenceId(),
                        topic.codec().encode(definition))).get();
            }
        }
    }

    /** {@code --name value} pairs; the bootstrap servers and the directory are required. */
    static Map<String, String> options(String... args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length || !NAMES.contains(args[i].substring(2))) {
                throw new IllegalArgumentException(USAGE);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        if (!options.containsKey("bootstrap-servers") || !options.containsKey("directory")) {
            throw new IllegalArgumentException(USAGE);
        }
        return options;
    }
}
