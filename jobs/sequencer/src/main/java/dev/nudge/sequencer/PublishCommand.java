package dev.nudge.sequencer;

import dev.nudge.domain.definition.DefinitionParseResult;
import dev.nudge.domain.definition.DefinitionParser;
import dev.nudge.events.SequenceDefinition;
import dev.nudge.platform.cli.CommandLines;
import dev.nudge.platform.cli.UserError;
import dev.nudge.platform.kafka.KafkaClientProperties;
import dev.nudge.platform.topics.Topic;
import dev.nudge.platform.topics.TopicAdmin;
import dev.nudge.platform.topics.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The one way to publish sequence definitions: {@code ./nudge publish} and the Kubernetes Job that rolls out the
 * definitions of a ConfigMap (deploy/kubernetes/config.yaml) both run this. Every definition is validated with the
 * sequencer's own rules first; when one is rejected, nothing is published, every reason is printed and the exit code
 * is 1. Records are keyed by brand and sequence: the topic is compacted, and two brands may name a sequence alike.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Validates sequence definitions (YAML or JSON) and publishes them to the definitions topic; "
                + "nothing is published when one is rejected (exit 1).")
public final class PublishCommand implements Callable<Integer> {

    public static final int REJECTED = 1;

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DEFINITION",
            description = "a definition file (e.g. sequences/coffee.yaml), or a folder: its *.yaml files")
    private List<Path> paths;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:NUDGE_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka (env NUDGE_BOOTSTRAP_SERVERS); default ${DEFAULT-VALUE}")
    private String bootstrapServers;

    @Option(names = "--topic-prefix", defaultValue = "${env:NUDGE_TOPIC_PREFIX:-}",
            description = "prefix of every topic name (env NUDGE_TOPIC_PREFIX); default none")
    private String topicPrefix;

    @Option(names = "--timeout-seconds", defaultValue = "30",
            description = "how long to wait for Kafka; default ${DEFAULT-VALUE}")
    private int timeoutSeconds;

    public static void main(String[] args) {
        CommandLines.exit(new PublishCommand(), args);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<Path, DefinitionParseResult> results = new LinkedHashMap<>();
        definitionFiles(paths).forEach(file -> results.put(file, DefinitionParser.parse(CommandLines.readString(file))));
        boolean rejectedAny = false;
        for (Map.Entry<Path, DefinitionParseResult> result : results.entrySet()) {
            if (result.getValue() instanceof DefinitionParseResult.Rejected rejected) {
                rejectedAny = true;
                err.printf("rejected %s: %d reason(s), nothing published%n", result.getKey(), rejected.reasons().size());
                rejected.reasons().forEach(reason -> err.println("  - " + reason));
            }
        }
        if (rejectedAny) {
            return REJECTED;
        }
        Instant now = Instant.now();
        List<SequenceDefinition> envelopes = new ArrayList<>();
        for (DefinitionParseResult result : results.values()) {
            DefinitionParseResult.Accepted accepted = (DefinitionParseResult.Accepted) result;
            accepted.warnings().forEach(warning -> out.println("warning: " + warning));
            envelopes.add(DefinitionFiles.envelope(accepted.definition(), now));
        }
        Topic<SequenceDefinition> topic = topics().sequenceDefinitions();
        List<RecordMetadata> written = publish(bootstrapServers, topic, envelopes, Duration.ofSeconds(timeoutSeconds));
        for (int i = 0; i < envelopes.size(); i++) {
            SequenceDefinition definition = envelopes.get(i);
            out.printf("published %s@%d of %s to %s (partition %d, offset %d)%n", definition.getSequenceId(),
                    definition.getVersion(), definition.getBrandId(), written.get(i).topic(),
                    written.get(i).partition(), written.get(i).offset());
        }
        return 0;
    }

    /**
     * Publishes {@code definitions} keyed by brand and sequence, creating the topic first when it is missing (when it
     * exists, no admin rights are needed). A Kafka that does not answer is a {@link UserError}.
     */
    public static List<RecordMetadata> publish(String bootstrapServers, Topic<SequenceDefinition> topic,
                                               List<SequenceDefinition> definitions, Duration timeout) {
        Properties properties = KafkaClientProperties.base();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout.toMillis()));
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        // The delivery timeout must cover linger plus a request.
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis() / 2));
        try {
            if (!TopicAdmin.missing(bootstrapServers, List.of(topic), timeout).isEmpty()) {
                TopicAdmin.ensure(bootstrapServers, List.of(topic));
            }
            List<RecordMetadata> written = new ArrayList<>();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
                    new ByteArraySerializer())) {
                for (SequenceDefinition definition : definitions) {
                    written.add(producer.send(new ProducerRecord<>(topic.name(),
                            definition.getBrandId() + "/" + definition.getSequenceId(), topic.codec().encode(definition)))
                            .get(timeout.toMillis(), TimeUnit.MILLISECONDS));
                }
            }
            return written;
        } catch (TimeoutException e) {
            throw new UserError("Kafka at " + bootstrapServers + " does not answer within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new UserError("could not publish to Kafka at " + bootstrapServers + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while publishing");
        } catch (KafkaException | IllegalStateException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new UserError("could not publish to Kafka at " + bootstrapServers + ": " + cause.getMessage());
        }
    }

    private Topics topics() {
        try {
            return Topics.withPrefix(topicPrefix);
        } catch (IllegalArgumentException e) {
            throw new UserError("--topic-prefix: " + e.getMessage());
        }
    }

    /** The files named, a folder standing for its {@code *.yaml} files in name order. */
    static List<Path> definitionFiles(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.isDirectory(path)) {
                files.add(path);
                continue;
            }
            try (Stream<Path> listed = Files.list(path)) {
                List<Path> yaml = listed.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
                if (yaml.isEmpty()) {
                    throw new UserError("no *.yaml definitions in " + path);
                }
                files.addAll(yaml);
            } catch (IOException e) {
                throw new UserError("cannot read " + path + ": " + e.getMessage());
            }
        }
        return files;
    }
}
