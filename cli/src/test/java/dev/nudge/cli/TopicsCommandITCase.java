package dev.nudge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.devstack.kafka.KafkaExtension;
import dev.nudge.platform.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code ./nudge topics} against a real broker that has one of the topics already. */
class TopicsCommandITCase {

    private static final Topics TOPICS = Topics.withPrefix("topics-it.");

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension()
            .withTopics(List.of(TOPICS.sequenceDefinitions().toNewTopic()));

    @Test
    void aDryRunListsTheMissingTopicsAndCreatesNothingThenTheCommandCreatesThem() {
        int missing = TOPICS.all().size() - 1;
        String[] args = {"topics", "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic-prefix", "topics-it."};

        String dryRun = run(append(args, "--dry-run"));
        assertThat(dryRun).startsWith("would create " + missing + " of " + TOPICS.all().size() + " topics")
                .contains("topics-it.nudge.suppressions  partitions " + TOPICS.suppressions().partitions())
                .doesNotContain("topics-it.nudge.sequence-definitions");
        assertThat(run(append(args, "--dry-run"))).as("nothing created").isEqualTo(dryRun);

        assertThat(run(args)).startsWith("creating " + missing + " of ").endsWith("done\n");
        assertThat(run(append(args, "--dry-run"))).isEqualTo("all " + TOPICS.all().size() + " topics exist on "
                + KAFKA.bootstrapServers() + "\n");
    }

    private static String[] append(String[] args, String arg) {
        String[] more = java.util.Arrays.copyOf(args, args.length + 1);
        more[args.length] = arg;
        return more;
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = NudgeCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }
}
