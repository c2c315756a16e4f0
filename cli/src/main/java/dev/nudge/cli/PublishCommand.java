package dev.nudge.cli;

import dev.nudge.platform.kafka.KafkaClientProperties;
import dev.nudge.domain.definition.DefinitionParseResult;
import dev.nudge.domain.definition.DefinitionParser;
import dev.nudge.domain.definition.SequenceDefinition;
import dev.nudge.platform.topics.Topic;
import dev.nudge.platform.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Validates a sequence definition with the sequencer's own rules and publishes it to the definitions topic, keyed by
 * brand and sequence. A rejected definition is not published: every reason is printed and the exit code is 1.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Validates a sequence definition (YAML or JSON) and publishes it to the definitions topic.")
final class PublishCommand implements Callable<Integer> {

    static final int REJECTED = 1;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DEFINITION", description = "the definition file, e.g. sequences/coffee.yaml")
    private Path file;

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Kafka; default ${DEFAULT-VALUE}")
    private String bootstrapServers;

    @Option(names = "--topic-prefix", defaultValue = "", description = "prefix of every topic name; default none")
    private String topicPrefix;

    @Option(names = "--timeout-seconds", defaultValue = "30", description = "how long to wait for Kafka; default ${DEFAULT-VALUE}")
    private int timeoutSeconds;

    @Override
    public Integer call() {
        String text = read(file);
        DefinitionParseResult result = DefinitionParser.parse(text);
        if (result instanceof DefinitionParseResult.Rejected rejected) {
            spec.commandLine().getErr().printf("rejected %s: %d reason(s), nothing published%n", file,
                    rejected.reasons().size());
            rejected.reasons().forEach(reason -> spec.commandLine().getErr().println("  - " + reason));
            return REJECTED;
        }
        DefinitionParseResult.Accepted accepted = (DefinitionParseResult.Accepted) result;
        accepted.warnings().forEach(warning -> spec.commandLine().getOut().println("warning: " + warning));
        SequenceDefinition definition = accepted.definition();
        RecordMetadata written = publish(definition);
        spec.commandLine().getOut().printf("published %s@%d of %s to %s (partition %d, offset %d)%n", definition.id(),
                definition.version(), definition.brandId(), written.topic(), written.partition(), written.offset());
        return 0;
    }

    private RecordMetadata publish(SequenceDefinition definition) {
        Topic<dev.nudge.events.SequenceDefinition> topic = Topics.withPrefix(topicPrefix).sequenceDefinitions();
        dev.nudge.events.SequenceDefinition envelope = new dev.nudge.events.SequenceDefinition(definition.id(),
                definition.version(), definition.brandId(), Instant.now(), DefinitionParser.toJson(definition));
        Properties properties = KafkaClientProperties.base();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(timeoutSeconds * 1000));
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(timeoutSeconds * 1000));
        // The delivery timeout must cover linger plus a request.
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(timeoutSeconds * 500));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new ByteArraySerializer())) {
            // Keyed by brand and sequence: the topic is compacted, and two brands may name a sequence alike.
            return producer.send(new ProducerRecord<>(topic.name(), definition.brandId() + "/" + definition.id(),
                    topic.codec().encode(envelope))).get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new UserError("could not publish to Kafka at " + bootstrapServers + ": " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while publishing");
        } catch (org.apache.kafka.common.KafkaException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new UserError("could not publish to Kafka at " + bootstrapServers + ": " + cause.getMessage());
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UserError("no such file: " + file);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
    }
}
