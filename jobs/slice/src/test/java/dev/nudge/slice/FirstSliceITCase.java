package dev.nudge.slice;

import dev.nudge.devstack.clickhouse.ClickHouseExtension;
import dev.nudge.devstack.kafka.KafkaExtension;
import dev.nudge.devstack.twilio.RecordedRequest;
import dev.nudge.devstack.twilio.TwilioFake;
import dev.nudge.events.LineItem;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SalesChannel;
import dev.nudge.events.SmsIntent;
import dev.nudge.events.Tenant;
import dev.nudge.platform.clickhouse.ClickHouseSink;
import dev.nudge.platform.clickhouse.ClickHouseSinkOptions;
import dev.nudge.platform.clickhouse.Migrations;
import dev.nudge.platform.clickhouse.PurchaseRows;
import dev.nudge.platform.topics.Topic;
import dev.nudge.platform.topics.Topics;
import dev.nudge.platform.twilio.TwilioSettings;
import dev.nudge.platform.twilio.TwilioTextSink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import dev.nudge.devstack.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Purchases through Kafka and a Flink job into ClickHouse, and one text through the Twilio SDK to the fake. */
class FirstSliceITCase {

    private static final Topics TOPICS = Topics.standard();
    private static final int PURCHASES = 20;
    private static final Instant MARCH_2 = Instant.parse("2026-03-02T15:00:00Z");

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension()
            .withTopics(List.of(TOPICS.purchases().toNewTopic(), TOPICS.outbox().toNewTopic()));

    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension()
            .afterStart(server -> Migrations.apply(server.httpUrl(), Path.of(System.getProperty("nudge.root"), "sql")));

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).setConfiguration(noRestarts()).build());

    private static TwilioFake twilio;
    private static JobClient job;

    @BeforeAll
    static void start() throws Exception {
        twilio = TwilioFake.start(TwilioFake.DEV_ACCOUNT_SID, TwilioFake.DEV_AUTH_TOKEN);
        TwilioSettings settings = TwilioSettings.of(TwilioFake.DEV_ACCOUNT_SID, TwilioFake.DEV_AUTH_TOKEN)
                .withApiBaseUrl(URI.create(twilio.baseUrl()));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(500);
        FirstSliceJob.build(env,
                FirstSliceJob.kafkaSource(KAFKA.bootstrapServers(), TOPICS.purchases()),
                FirstSliceJob.kafkaSource(KAFKA.bootstrapServers(), TOPICS.outbox()),
                new ClickHouseSink<>(ClickHouseSinkOptions.builder(CLICKHOUSE.server().jdbcUrl())
                        .maxBatchDelay(Duration.ofMillis(200)).build(), new PurchaseRows("nudge.purchases")),
                new TwilioTextSink(settings, "+15005550006"));
        job = env.executeAsync("first-slice-it");
    }

    @AfterAll
    static void stop() throws Exception {
        if (job != null) {
            job.cancel().get();
        }
        twilio.close();
    }

    @Test
    void purchasesBecomeRowsAndTheOutboxBecomesAText() {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < PURCHASES; i++) {
                send(producer, TOPICS.purchases(), "c-" + i, purchase(i));
            }
            send(producer, TOPICS.outbox(), "c-1", intent());
        }

        await(() -> count("SELECT count() FROM nudge.purchases FINAL") == PURCHASES, "20 rows in ClickHouse");
        await(() -> !twilio.messages().isEmpty(), "a text at the Twilio fake");

        List<Map<String, Object>> row = CLICKHOUSE.server().queryJsonEachRow(
                "SELECT customer_id, order_id, total_minor, currency, channel, line_count, toString(event_time) AS at"
                        + " FROM nudge.purchases WHERE order_id = 'o-7'");
        assertThat(row).singleElement().satisfies(columns -> assertThat(columns).containsAllEntriesOf(Map.of(
                "customer_id", "c-7", "total_minor", 1800 + 7, "currency", "USD", "channel", "ONLINE",
                "line_count", 1, "at", "2026-03-02 15:07:00")));
        assertThat(count("SELECT sum(total_minor) FROM nudge.purchases FINAL"))
                .isEqualTo(PURCHASES * 1800L + (PURCHASES - 1) * PURCHASES / 2);

        List<RecordedRequest> creates = twilio.requests().stream()
                .filter(request -> request.method().equals("POST")).toList();
        assertThat(creates).singleElement().satisfies(request -> {
            assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + TwilioFake.DEV_ACCOUNT_SID + "/Messages.json");
            assertThat(request.formParam("To")).isEqualTo("+12125550100");
            assertThat(request.formParam("From")).isEqualTo("+15005550006");
            assertThat(request.formParam("Body")).isEqualTo("Hi Anna, a pour-over kit goes well with those beans.");
        });
    }

    private static PurchaseEvent purchase(int i) {
        long total = 1800 + i;
        return PurchaseEvent.newBuilder()
                .setEventId("e-" + i).setTenant(new Tenant("demo-roasters", "downtown")).setCustomerId("c-" + i)
                .setEventTime(MARCH_2.plus(Duration.ofMinutes(i))).setOrderId("o-" + i)
                .setLines(List.of(new LineItem("coffee-beans", "Coffee beans", "coffee", 1, total, "USD")))
                .setTotalMinor(total).setCurrency("USD").setChannel(SalesChannel.ONLINE).build();
    }

    private static SmsIntent intent() {
        return SmsIntent.newBuilder()
                .setIntentId("demo-roasters:c-1:coffee-followup@1:0:o-1").setTenant(new Tenant("demo-roasters", null))
                .setCustomerId("c-1").setCreatedAt(MARCH_2).setNotAfter(MARCH_2.plus(Duration.ofHours(2)))
                .setToPhone("+12125550100").setBody("Hi Anna, a pour-over kit goes well with those beans.")
                .setLocale("en-US").setTimeZone("America/New_York").setQuietStartMinute(1260).setQuietEndMinute(480)
                .setSequenceId("coffee-followup").setSequenceVersion(1).setStep(0).setTriggerId("o-1").setVariant("A")
                .build();
    }

    private static long count(String sql) {
        return Long.parseLong(CLICKHOUSE.server().query(sql).trim());
    }

    private static void await(BooleanSupplier condition, String what) {
        Await.until(condition, Duration.ofSeconds(90), what);
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", KAFKA.bootstrapServers(), "acks", "all"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> void send(
            KafkaProducer<byte[], byte[]> producer, Topic<T> topic, String key, T value) {
        producer.send(new ProducerRecord<>(topic.name(), key.getBytes(StandardCharsets.UTF_8), topic.codec().encode(value)));
    }

    private static Configuration noRestarts() {
        Configuration configuration = new Configuration();
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return configuration;
    }
}
