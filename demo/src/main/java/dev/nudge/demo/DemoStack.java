package dev.nudge.demo;

import dev.nudge.devstack.ManualClock;

import dev.nudge.devstack.clickhouse.ClickHouseServer;
import dev.nudge.devstack.kafka.EmbeddedKafka;
import dev.nudge.devstack.twilio.TwilioFake;
import dev.nudge.platform.clickhouse.Migrations;
import dev.nudge.platform.topics.TopicAdmin;
import dev.nudge.platform.topics.Topics;
import dev.nudge.webhooks.ReceiptTime;
import dev.nudge.webhooks.WebhookServer;
import dev.nudge.webhooks.WebhookSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import dev.nudge.cli.DemoOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The local stack the demo runs on: a Kafka broker in this JVM, a ClickHouse server whose data stays in
 * {@code .nudge/clickhouse} (so the notebooks can read it afterwards), the Twilio-compatible server and the webhook
 * service, which takes the fake's signed status callbacks and the simulated customers' replies and clicks. The
 * webhook service stamps delivery receipts at the text's decision time and everything else with a simulated clock.
 */
final class DemoStack implements AutoCloseable {

    /** The brand's number: texts go out from it and replies come back to it. */
    static final String SENDER = "+15005550006";
    /** Signs the click links the simulated customers follow. */
    /** The demo writes these afresh on every run; the data of the last run stays for the notebooks. */
    private static final List<String> DEMO_TABLES = List.of("nudge.decisions", "nudge.messages",
            "nudge.engagements", "nudge.conversions", "nudge.daily_sequence_stats", "nudge.purchases");

    final EmbeddedKafka kafka;
    final ClickHouseServer clickHouse;
    final TwilioFake twilio;
    final ManualClock webhookClock;
    final WebhookServer webhooks;
    final URI webhookBase;
    /** Keys the tracked links: the sequencer makes them with it, the webhook service checks them. */
    final String linkSecret;
    final Topics topics = Topics.standard();

    private DemoStack(EmbeddedKafka kafka, ClickHouseServer clickHouse, TwilioFake twilio, ManualClock webhookClock,
                      WebhookServer webhooks, URI webhookBase, String linkSecret) {
        this.kafka = kafka;
        this.clickHouse = clickHouse;
        this.twilio = twilio;
        this.webhookClock = webhookClock;
        this.webhooks = webhooks;
        this.webhookBase = webhookBase;
        this.linkSecret = linkSecret;
    }

    /** Far above what a day of the largest demo taps at once. */
    private static final int DEMO_LINK_REQUESTS_PER_SECOND = 100_000;

    static DemoStack start(Path root, DemoOptions options, String brand, Instant simulationStart) {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        ClickHouseServer clickHouse = ClickHouseServer.start(options.clickHouseHttpPort(), options.clickHouseTcpPort(),
                root.resolve(options.clickHouseDirectory()));
        Migrations.apply(clickHouse.httpUrl(), root.resolve("sql"));
        DEMO_TABLES.forEach(table -> clickHouse.execute("TRUNCATE TABLE IF EXISTS " + table));
        TwilioFake twilio = TwilioFake.start(TwilioFake.DEV_ACCOUNT_SID, TwilioFake.DEV_AUTH_TOKEN).statusCallbacks(true);
        TopicAdmin.ensure(kafka.bootstrapServers(), Topics.standard().withReplication((short) 1).all());
        int port = freeLoopbackPort();
        URI webhookBase = URI.create("http://127.0.0.1:" + port);
        ManualClock webhookClock = new ManualClock(simulationStart);
        WebhookSettings defaults = WebhookSettings.of(kafka.bootstrapServers(), twilio.authToken(), webhookBase, port,
                Map.of(SENDER, brand));
        // Every simulated customer taps its links from this one address, a day's taps within a second or two.
        WebhookSettings settings = defaults.withReceiptTime(ReceiptTime.DECISION_TIME)
                .withGuards(defaults.guards().withLinkRequestsPerSecond(DEMO_LINK_REQUESTS_PER_SECOND));
        WebhookServer webhooks = WebhookServer.start(settings, webhookClock);
        return new DemoStack(kafka, clickHouse, twilio, webhookClock, webhooks, webhookBase,
                settings.guards().linkSecret());
    }

    /** Where a customer's text to our number goes: Twilio posts it to the webhook service. */
    URI inboundUrl() {
        return webhookBase.resolve("/twilio/inbound");
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port for the webhook service", e);
        }
    }

    /** Where the sequencer's tracked links point: the webhook service's redirect. */
    String trackedLinkBase() {
        return webhookBase + "/l";
    }

    @Override
    public void close() {
        webhooks.close();
        twilio.close();
        clickHouse.close();
        kafka.close();
    }
}
