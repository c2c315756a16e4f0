package dev.nudge.cli;

import dev.nudge.platform.cli.UserError;
import dev.nudge.platform.topics.Topic;
import dev.nudge.platform.topics.TopicAdmin;
import dev.nudge.platform.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Creates the topics Nudge needs that are missing ({@link TopicAdmin}, as the jobs do on start), or with
 * {@code --dry-run} only lists the missing ones with how each would be created. Existing topics are left as they are.
 */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Creates the missing topics (partitions, replication and retention as declared); --dry-run "
                + "prints what it would create and creates nothing.")
final class TopicsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:NUDGE_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka (env NUDGE_BOOTSTRAP_SERVERS); default ${DEFAULT-VALUE}")
    private String bootstrapServers;

    @Option(names = "--topic-prefix", defaultValue = "${env:NUDGE_TOPIC_PREFIX:-}",
            description = "prefix of every topic name (env NUDGE_TOPIC_PREFIX); default none")
    private String topicPrefix;

    @Option(names = "--replication", paramLabel = "N",
            description = "replicas of each topic created; default the broker's default.replication.factor")
    private Short replication;

    @Option(names = "--dry-run", description = "only print the topics that are missing and how they would be created")
    private boolean dryRun;

    @Option(names = "--timeout-seconds", defaultValue = "30", description = "how long to wait for Kafka; default ${DEFAULT-VALUE}")
    private int timeoutSeconds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Topics topics = topics();
        List<Topic<?>> missing;
        try {
            missing = TopicAdmin.missing(bootstrapServers, topics.all(), Duration.ofSeconds(timeoutSeconds));
        } catch (TimeoutException e) {
            throw new UserError("Kafka at " + bootstrapServers + " does not answer within " + timeoutSeconds + " s");
        } catch (ExecutionException | org.apache.kafka.common.KafkaException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new UserError("Kafka at " + bootstrapServers + " refuses to list the topics: " + cause.getMessage());
        }
        if (missing.isEmpty()) {
            out.printf("all %d topics exist on %s%n", topics.all().size(), bootstrapServers);
            return 0;
        }
        out.printf("%s %d of %d topics on %s:%n", dryRun ? "would create" : "creating", missing.size(),
                topics.all().size(), bootstrapServers);
        missing.forEach(topic -> out.printf("  %s  partitions %d, replication %s, %s%n", topic.name(),
                topic.partitions(), topic.replication() == Topic.BROKER_DEFAULT_REPLICATION ? "broker default"
                        : topic.replication(), topic.configs()));
        if (!dryRun) {
            try {
                TopicAdmin.ensure(bootstrapServers, missing);
            } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new UserError("could not create the topics on " + bootstrapServers + ": " + cause.getMessage());
            }
            out.println("done");
        }
        return 0;
    }

    private Topics topics() {
        try {
            Topics topics = Topics.withPrefix(topicPrefix);
            return replication == null ? topics : topics.withReplication(replication);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
