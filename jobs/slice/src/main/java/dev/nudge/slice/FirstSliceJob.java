package dev.nudge.slice;

import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SmsIntent;
import dev.nudge.platform.clickhouse.ClickHouseSink;
import dev.nudge.platform.clickhouse.ClickHouseSinkOptions;
import dev.nudge.platform.clickhouse.PurchaseRows;
import dev.nudge.platform.kafka.AvroRecordSchema;
import dev.nudge.platform.topics.Topic;
import dev.nudge.platform.topics.Topics;
import dev.nudge.platform.twilio.TwilioSettings;
import dev.nudge.platform.twilio.TwilioTextSink;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The first end-to-end slice: every purchase becomes a row in ClickHouse, and every text in the outbox goes out
 * through Twilio. The analytics and dispatcher jobs replace its logic; its integration test stays.
 */
public final class FirstSliceJob {

    /** The Kafka consumer group of the slice's sources. */
    public static final String GROUP = "nudge-first-slice";

    private FirstSliceJob() {}

    /** {@code <kafka bootstrap> <clickhouse jdbc url> <sender number>}; Twilio from TWILIO_* and NUDGE_TWILIO_BASE_URL. */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: FirstSliceJob <kafka-bootstrap> <clickhouse-jdbc-url> <sender>");
        }
        Topics topics = Topics.standard();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(10_000);
        build(env, kafkaSource(args[0], topics.purchases()), kafkaSource(args[0], topics.outbox()),
                new ClickHouseSink<>(ClickHouseSinkOptions.builder(args[1]).build(), new PurchaseRows("nudge.purchases")),
                new TwilioTextSink(TwilioSettings.fromEnv(), args[2]));
        env.execute("nudge-first-slice");
    }

    public static void build(StreamExecutionEnvironment env, Source<PurchaseEvent, ?, ?> purchases,
                             Source<SmsIntent, ?, ?> outbox, Sink<PurchaseEvent> purchaseRows, Sink<SmsIntent> texts) {
        env.fromSource(purchases, WatermarkStrategy.noWatermarks(), "purchases").uid("slice-source-purchases")
                .sinkTo(purchaseRows).uid("slice-sink-purchase-rows").name("Purchases to ClickHouse");
        env.fromSource(outbox, WatermarkStrategy.noWatermarks(), "outbox").uid("slice-source-outbox")
                .sinkTo(texts).uid("slice-sink-texts").name("Texts through Twilio");
    }

    public static <T extends SpecificRecord> KafkaSource<T> kafkaSource(String bootstrapServers, Topic<T> topic) {
        return KafkaSource.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic.name())
                .setGroupId(GROUP)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setProperty("isolation.level", "read_committed")
                .setValueOnlyDeserializer(AvroRecordSchema.of(topic.valueClass()))
                .build();
    }
}
