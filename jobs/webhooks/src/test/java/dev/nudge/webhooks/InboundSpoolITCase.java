package dev.nudge.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.devstack.kafka.EmbeddedKafka;
import dev.nudge.events.Tenant;
import dev.nudge.platform.topics.Topic;
import dev.nudge.platform.topics.TopicAdmin;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.EngagementType;
import dev.nudge.platform.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An inbound STOP while the broker is down: Twilio gets its TwiML answer at once (it does not retry an error, and
 * gives up after 15 s), and the STOP reaches Kafka once the broker is back, even through a restart of the service.
 */
class InboundSpoolITCase {

    private static final String TOKEN = "auth-token-of-the-spool-test";
    private static final String PHONE = "+12125550888";

    @TempDir
    Path temp;

    @Test
    void aStopTakenWhileTheBrokerIsDownIsPublishedWhenItIsBack() throws IOException {
        int kafkaPort = freeLoopbackPort();
        Path kafkaData = Files.createDirectories(temp.resolve("kafka"));
        Path spool = temp.resolve("spool");
        EmbeddedKafka kafka = EmbeddedKafka.start(kafkaPort, kafkaData);
        String bootstrap = kafka.bootstrapServers();
        int port = freeLoopbackPort();
        String publicBase = "http://127.0.0.1:" + port;
        WebhookSettings settings = WebhookSettings.of(bootstrap, TOKEN, URI.create(publicBase), port, Map.of())
                .withGuards(WebhookGuards.defaults().withSpoolDirectory(spool));

        WebhookServer first = WebhookServer.start(settings, Clock.systemUTC());
        kafka.close();
        HttpResponse<String> answer = new TwilioCallbacks().postSigned(TOKEN, publicBase + "/twilio/inbound",
                Map.of("MessageSid", "SMspool1", "From", PHONE, "To", "+15005550006", "Body", "STOP"));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("<Response>");
        // Down through the service's restart too: only the spool on disk has the STOP.
        first.close();

        kafka = EmbeddedKafka.start(kafkaPort, kafkaData);
        try (WebhookServer second = WebhookServer.start(settings, Clock.systemUTC());
             EngagementLog engagements = new EngagementLog(bootstrap, Topics.standard().engagements())) {
            List<EngagementEvent> stops = engagements.await(e -> ("tel:" + PHONE).equals(e.getCustomerId()),
                    events -> !events.isEmpty(), "the STOP taken while the broker was down");
            assertThat(stops).singleElement().satisfies(e -> {
                assertThat(e.getType()).isEqualTo(EngagementType.OPTED_OUT);
                assertThat(e.getEventId()).isEqualTo("inbound:SMspool1");
            });
        } finally {
            kafka.close();
        }
    }

    /** A crash mid-append leaves half a record, never acknowledged to Twilio: it is cut off, the whole ones published. */
    @Test
    void aRecordTornByACrashIsCutOffAndTheWholeOnesArePublishedThenTheFileEmptied() throws Exception {
        Topic<EngagementEvent> topic = Topics.standard().engagements();
        EngagementEvent stop = EngagementEvent.newBuilder().setEventId("inbound:SMtorn1")
                .setTenant(new Tenant("demo-roasters", null)).setCustomerId("tel:" + PHONE)
                .setEventTime(Instant.parse("2026-12-03T10:00:00Z")).setType(EngagementType.OPTED_OUT).build();
        byte[] key = stop.getCustomerId().getBytes(StandardCharsets.UTF_8);
        byte[] value = topic.codec().encode(stop);
        ByteBuffer file = ByteBuffer.allocate(2 * (8 + key.length + value.length))
                .putInt(key.length).put(key).putInt(value.length).put(value)
                .putInt(key.length).put(key).putInt(value.length).put(value, 0, value.length / 2);
        Path spool = Files.createDirectories(temp.resolve("torn"));
        Files.write(spool.resolve("inbound.spool"), Arrays.copyOf(file.array(), file.position()));

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            TopicAdmin.ensure(kafka.bootstrapServers(), List.of(topic));
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                         Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                         new StringSerializer(), new ByteArraySerializer());
                 InboundSpool inbound = new InboundSpool(spool, producer, topic.name());
                 EngagementLog engagements = new EngagementLog(kafka.bootstrapServers(), topic)) {
                engagements.await(e -> true, events -> !events.isEmpty(), "the whole record");
                Instant deadline = Instant.now().plus(EngagementLog.DEADLINE);
                while (inbound.pending() > 0 || Files.size(spool.resolve("inbound.spool")) > 0) {
                    assertThat(Instant.now()).as("spool emptied").isBefore(deadline);
                    Thread.onSpinWait();
                }
                assertThat(engagements.readToEnd()).singleElement()
                        .satisfies(e -> assertThat(e.getEventId()).isEqualTo("inbound:SMtorn1"));
            }
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
