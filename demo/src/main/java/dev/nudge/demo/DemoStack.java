package dev.nudge.demo;

import dev.nudge.devstack.clickhouse.ClickHouseServer;
import dev.nudge.devstack.kafka.EmbeddedKafka;
import dev.nudge.devstack.twilio.TwilioFake;
import dev.nudge.platform.clickhouse.Migrations;
import dev.nudge.platform.topics.TopicAdmin;
import dev.nudge.platform.topics.Topics;

import java.nio.file.Path;

/**
 * The local stack the demo runs on: a Kafka broker in this JVM, a ClickHouse server whose data stays in
 * {@code .nudge/clickhouse} (so the notebooks can read it afterwards) and the Twilio-compatible server.
 */
final class DemoStack implements AutoCloseable {

    final EmbeddedKafka kafka;
    final ClickHouseServer clickHouse;
    final TwilioFake twilio;
    final Topics topics = Topics.standard();

    private DemoStack(EmbeddedKafka kafka, ClickHouseServer clickHouse, TwilioFake twilio) {
        this.kafka = kafka;
        this.clickHouse = clickHouse;
        this.twilio = twilio;
    }

    static DemoStack start(Path root, DemoOptions options) {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        ClickHouseServer clickHouse = ClickHouseServer.start(options.clickHouseHttpPort(), options.clickHouseTcpPort(),
                root.resolve(options.clickHouseDirectory()));
        Migrations.apply(clickHouse.httpUrl(), root.resolve("sql"));
        clickHouse.execute("TRUNCATE TABLE IF EXISTS nudge.purchases");
        TwilioFake twilio = TwilioFake.start(TwilioFake.DEV_ACCOUNT_SID, TwilioFake.DEV_AUTH_TOKEN).statusCallbacks(false);
        DemoStack stack = new DemoStack(kafka, clickHouse, twilio);
        TopicAdmin.ensure(kafka.bootstrapServers(), stack.topics.withReplication((short) 1).all());
        return stack;
    }

    @Override
    public void close() {
        twilio.close();
        clickHouse.close();
        kafka.close();
    }
}
