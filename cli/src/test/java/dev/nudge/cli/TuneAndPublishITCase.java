package dev.nudge.cli;

import dev.nudge.sequencer.PublishCommand;
import dev.nudge.devstack.clickhouse.ClickHouseExtension;
import dev.nudge.devstack.kafka.KafkaExtension;
import dev.nudge.domain.definition.DefinitionParseResult;
import dev.nudge.domain.definition.DefinitionParser;
import dev.nudge.domain.definition.SequenceDefinition;
import dev.nudge.platform.clickhouse.Migrations;
import dev.nudge.platform.topics.Topic;
import dev.nudge.platform.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./nudge tune} and {@code ./nudge publish} against a real ClickHouse 18.16 and a real Kafka broker.
 *
 * <p>The facts are built so the answers are known: 2,000 customers entered "coffee" and 220 were held out (10%);
 * step 0 went out two days after the checkout with variants A (even customers) and B (odd). A text converts for
 * {@code i % 100 < threshold}, the threshold 10 for A and 20 for B, 20 more for the third of the customers (i % 3 = 0)
 * who had bought again one day before the text. So B beats A, a text one day after a purchase beats one two days
 * after, and the sequence beats the hold-out (8% of whom buy; 24 of 220): tune must retire A, shorten step 0's delay
 * to one day and halve the hold-out, and write a version 2 that says so and that the sequencer's rules accept. Every
 * 50th customer (all even, so all A) opted out: 4% of A's texts.
 */
class TuneAndPublishITCase {

    private static final Path ROOT = Path.of(System.getProperty("nudge.root"));
    private static final Topics TOPICS = Topics.standard();
    private static final String BRAND = "demo-roasters";
    /** Version 1 of the sequence the facts are about. */
    static final String DEFINITION = """
            id: coffee
            version: 1
            status: LIVE
            brandId: demo-roasters
            trigger: {type: CHECKOUT, categories: [coffee]}
            steps:
              - delay: {after: P2D}
                offer: COMPLEMENT
                variants:
                  A: {en-US: "Hi {firstName}, {productName} goes well with it: {link}"}
                  B: {en-US: "{firstName}, customers love {productName} ({price}) with it: {link}"}
              - delay: {after: P1D}
                offer: ADD_ON
                templates: {en-US: "One more idea: {productName} ({price}): {link}"}
            reentry: {policy: NEVER}
            holdoutPercent: 10
            attributionWindow: P3D
            """;

    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension()
            .afterStart(server -> Migrations.apply(server.httpUrl(), ROOT.resolve("sql")));

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension()
            .withTopics(List.of(TOPICS.sequenceDefinitions().toNewTopic()));

    @TempDir
    Path directory;

    @BeforeAll
    static void loadTheFacts() {
        var server = CLICKHOUSE.server();
        String entry = "toDateTime('2026-03-02 12:00:00')";
        String text = "toDateTime('2026-03-04 12:00:00')";
        String bought = "toDateTime('2026-03-04 17:00:00')";
        String converts = "number % 100 < if(number % 2 = 0, 10, 20) + if(number % 3 = 0, 20, 0)";
        server.execute("INSERT INTO nudge.decisions (decision_id, brand_id, customer_hash, decided_at, outcome, reason, "
                + "rule_version, sequence_id, sequence_version, step, trigger_id, intent_id) SELECT concat('d', toString(number)), "
                + "'demo-roasters', concat('h', toString(number)), " + entry + ", if(number < 2000, 'ENTERED', 'HELD_OUT'), "
                + "'TRIGGERED', 'coffee@1', 'coffee', 1, -1, concat('t', toString(number)), '' FROM numbers(2220)");
        server.execute("INSERT INTO nudge.messages (message_id, brand_id, customer_hash, phone_hash, sequence_id, "
                + "sequence_version, step, trigger_id, variant, offer_sku, offer_price_minor, currency, created_at, "
                + "time_zone, local_hour, local_weekday) SELECT concat('m', toString(number)), 'demo-roasters', "
                + "concat('h', toString(number)), 'p', 'coffee', 1, 0, concat('t', toString(number)), "
                + "if(number % 2 = 0, 'A', 'B'), 'kit', 2400, 'USD', " + text + ", 'America/New_York', 7, 3 "
                + "FROM numbers(2000)");
        // Every customer's checkout at the entry; a third bought again a day before the text.
        server.execute(purchases("'checkout'", entry, "1", "3000"));
        server.execute(purchases("'again'", "toDateTime('2026-03-03 12:00:00')", "number % 3 = 0 AND number < 2000",
                "2000"));
        server.execute(purchases("'kit'", bought, "(number < 2000 AND " + converts + ") OR (number >= 2000 AND number % 100 < 8)",
                "2400"));
        server.execute("INSERT INTO nudge.conversions (conversion_id, brand_id, customer_hash, holdout, message_id, "
                + "decision_id, sequence_id, sequence_version, step, variant, order_id, revenue_minor, offered_item, "
                + "offered_revenue_minor, currency, touched_at, attributed_at) SELECT concat('c', toString(number)), "
                + "'demo-roasters', concat('h', toString(number)), 0, concat('m', toString(number)), '', 'coffee', 1, 0, "
                + "if(number % 2 = 0, 'A', 'B'), concat('o-kit-', toString(number)), 2400, 1, 2400, 'USD', " + text
                + ", " + bought + " FROM numbers(2000) WHERE " + converts);
        server.execute("INSERT INTO nudge.engagements (event_id, brand_id, customer_hash, message_id, type, error_code, "
                + "reply_intent, sequence_id, step, variant, at) SELECT concat('e', toString(number)), 'demo-roasters', "
                + "concat('h', toString(number)), concat('m', toString(number)), 'OPTED_OUT', 0, '', 'coffee', 0, "
                + "if(number % 2 = 0, 'A', 'B'), " + text + " FROM numbers(2000) WHERE number % 50 = 0");
        SequenceDefinition v1 = accepted(DEFINITION);
        server.execute("INSERT INTO nudge.sequence_versions (brand_id, sequence_id, version, published_at, "
                + "holdout_percent, attribution_window_seconds, document) VALUES ('demo-roasters', 'coffee', 1, "
                + "toDateTime('2026-03-01 00:00:00'), 10, 259200, '" + DefinitionParser.toJson(v1).replace("'", "\\'")
                + "')");
    }

    private static String purchases(String kind, String at, String condition, String totalMinor) {
        return "INSERT INTO nudge.purchases (event_id, brand_id, location_id, customer_hash, order_id, event_time, "
                + "total_minor, currency, channel, line_count) SELECT concat('o-', " + kind + ", '-', toString(number)), "
                + "'demo-roasters', '', concat('h', toString(number)), concat('o-', " + kind + ", '-', toString(number)), "
                + at + ", " + totalMinor + ", 'USD', 'ONLINE', 1 FROM numbers(2220) WHERE " + condition;
    }

    @Test
    void tuneReadsTheFactsRecommendsTheKnownChangesAndWritesTheNextVersion() throws Exception {
        Path live = Files.writeString(directory.resolve("coffee.yaml"), DEFINITION);
        Path next = directory.resolve("coffee-v2.yaml");

        Result result = run("tune", "--brand", BRAND, "--sequence", "coffee", "--definition", live.toString(),
                "--clickhouse-url", CLICKHOUSE.server().httpUrl(), "--from", "2026-03-01", "--to", "2026-04-01",
                "--queries", ROOT.resolve("sql/queries").toString(), "--out", next.toString());

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("coffee@1 of demo-roasters, entries and texts from 2026-03-01 to 2026-04-01")
                .containsPattern("whole sequence \\(randomized\\) +texted \\d+/2000 bought, held out 24/220: lift \\+")
                .contains("converts more than the hold-out (95%)")
                .containsPattern("step 0 variant A +1000 texts, opt-outs 4\\.00%")
                .contains("median 5.0 h after the text")
                .containsPattern("- retire step 0 variant A: [0-9.]+% of its texts converted against [0-9.]+% for variant B")
                .containsPattern("- shorten step 0's delay from P2D to P1D: texts sent 1 day\\(s\\) after the "
                        + "customer's last purchase convert")
                .contains("- move the hold-out from 10% to 5%: the lift is established");
        SequenceDefinition v2 = accepted(Files.readString(next));
        assertThat(v2.version()).isEqualTo(2);
        // B's wording is the step's only one now, so it is the default variant A of version 2.
        assertThat(v2.step(0).variantIds()).containsExactly("A");
        assertThat(v2.step(0).templates()).isEqualTo(accepted(DEFINITION).step(0).templates("B"));
        assertThat(v2.step(0).delay()).isEqualTo(dev.nudge.domain.definition.Delay.after(Duration.ofDays(1)));
        assertThat(v2.step(1).delay()).isEqualTo(dev.nudge.domain.definition.Delay.after(Duration.ofDays(1)));
        assertThat(v2.holdoutPercent()).isEqualTo(5);
        assertThat(Files.readString(next)).as("the rest as written").contains("attributionWindow: P3D")
                .contains("{firstName}, customers love {productName}");

        // Without --definition, the newest version the analytics job stored is tuned: the same advice.
        Result fromClickHouse = run("tune", "--brand", BRAND, "--sequence", "coffee", "--clickhouse-url",
                CLICKHOUSE.server().httpUrl(), "--from", "2026-03-01", "--to", "2026-04-01", "--queries",
                ROOT.resolve("sql/queries").toString(), "--out", directory.resolve("from-clickhouse.yaml").toString());
        assertThat(fromClickHouse.code()).as(fromClickHouse.err()).isZero();
        assertThat(accepted(Files.readString(directory.resolve("from-clickhouse.yaml")))).isEqualTo(v2);
    }

    @Test
    void publishSendsAnAcceptedDefinitionAndRefusesARejectedOneWithItsReasons() throws Exception {
        Path good = Files.writeString(directory.resolve("good.yaml"), DEFINITION.replace("version: 1", "version: 2"));
        Path bad = Files.writeString(directory.resolve("bad.yaml"), DEFINITION.replace("holdoutPercent: 10",
                "holdoutPercent: 80").replace("delay: {after: P1D}", "delay: {after: soon}"));

        Result rejected = run("publish", bad.toString(), "--bootstrap-servers", KAFKA.bootstrapServers());
        assertThat(rejected.code()).isEqualTo(PublishCommand.REJECTED);
        assertThat(rejected.err()).contains("rejected " + bad + ": 2 reason(s), nothing published")
                .contains("holdoutPercent").contains("soon");

        Result published = run("publish", good.toString(), "--bootstrap-servers", KAFKA.bootstrapServers());
        assertThat(published.code()).as(published.err()).isZero();
        assertThat(published.out()).startsWith("published coffee@2 of demo-roasters to nudge.sequence-definitions");

        List<ConsumerRecord<String, byte[]>> records = readAll(TOPICS.sequenceDefinitions());
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo("demo-roasters/coffee");
        dev.nudge.events.SequenceDefinition envelope = TOPICS.sequenceDefinitions().codec().decode(records.get(0).value());
        assertThat(List.of(envelope.getSequenceId(), envelope.getVersion(), envelope.getBrandId()))
                .containsExactly("coffee", 2, "demo-roasters");
        assertThat(DefinitionParser.parseDocument("coffee", 2, BRAND, envelope.getDocument()))
                .isInstanceOf(DefinitionParseResult.Accepted.class);
    }

    @Test
    void everyCommandHasHelpAndAUserErrorIsOneLineAndExitCode2() {
        for (String[] help : List.of(new String[] {"--help"}, new String[] {"tune", "--help"},
                new String[] {"publish", "--help"})) {
            Result result = run(help);
            assertThat(result.code()).isZero();
            assertThat(result.out()).startsWith("Usage: nudge");
        }
        List<Result> userErrors = List.of(
                run("tune", "--sequence", "coffee"),
                run("publish", directory.resolve("missing.yaml").toString()),
                run("tune", "--brand", BRAND, "--sequence", "coffee", "--from", "yesterday"),
                run("tune", "--brand", BRAND, "--sequence", "nothing-here", "--clickhouse-url",
                        CLICKHOUSE.server().httpUrl(), "--queries", ROOT.resolve("sql/queries").toString()),
                run("frobnicate"));
        assertThat(userErrors).allSatisfy(result -> {
            assertThat(result.code()).as(result.err()).isEqualTo(2);
            assertThat(result.err().lines()).as(result.err()).hasSize(1).allMatch(line -> line.startsWith("error: "));
        });
        assertThat(userErrors.get(0).err()).contains("--brand");
        assertThat(userErrors.get(1).err()).contains("no such file");
        assertThat(userErrors.get(3).err()).contains("no definition of nothing-here");
    }

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = NudgeCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    private static SequenceDefinition accepted(String document) {
        DefinitionParseResult result = DefinitionParser.parse(document);
        assertThat(result).as(document).isInstanceOf(DefinitionParseResult.Accepted.class);
        return ((DefinitionParseResult.Accepted) result).definition();
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(Topic<?> topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
