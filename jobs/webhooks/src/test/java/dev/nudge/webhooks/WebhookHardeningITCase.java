package dev.nudge.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.devstack.kafka.KafkaExtension;
import dev.nudge.dispatcher.SendLedgerTopic;
import dev.nudge.dispatcher.ledger.SendLedgerEntry;
import dev.nudge.dispatcher.ledger.SendState;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.EngagementType;
import dev.nudge.platform.topics.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The webhook service facing the internet, with real HTTP requests (raw sockets where a client library would not
 * send what an attacker sends): body limits for every encoding, keyed click tokens, link previews, per-address rate
 * limits, the access log, and status callbacks that arrive before the ledger knows their intent.
 */
class WebhookHardeningITCase {

    private static final Topics TOPICS = Topics.standard();
    private static final String TOKEN = "auth-token-of-the-hardening-test";
    private static final String LINK_SECRET = "link-secret-of-the-hardening-test";
    private static final int MAX_BODY = 4 * 1024;
    private static final int LINKS_PER_SECOND = 10;
    private static final Duration PROMPTLY = Duration.ofSeconds(10);
    private static final String PHONE = "+12125550777";

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension();

    private static WebhookServer webhooks;
    private static String publicBase;
    private static KafkaProducer<String, byte[]> ledger;
    private static EngagementLog engagements;
    private static final List<String> ACCESS_LOG = new CopyOnWriteArrayList<>();
    private static final TwilioCallbacks HTTP = new TwilioCallbacks();

    @BeforeAll
    static void start() {
        int port = freeLoopbackPort();
        publicBase = "http://127.0.0.1:" + port;
        WebhookGuards guards = WebhookGuards.defaults().withLinkSecret(LINK_SECRET)
                .withLinkRequestsPerSecond(LINKS_PER_SECOND);
        guards = new WebhookGuards(guards.linkSecret(), MAX_BODY, guards.linkRequestsPerSecond(),
                guards.spoolDirectory(), guards.parkedCallbackCapacity());
        webhooks = WebhookServer.start(WebhookSettings.of(KAFKA.bootstrapServers(), TOKEN, URI.create(publicBase), port,
                Map.of()).withGuards(guards), java.time.Clock.systemUTC(), ACCESS_LOG::add);
        ledger = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        engagements = new EngagementLog(KAFKA.bootstrapServers(), TOPICS.engagements());
    }

    @AfterAll
    static void stop() {
        engagements.close();
        ledger.close();
        webhooks.close();
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWith413BeforeItEnds() throws IOException {
        long inbound = webhooks.stats().inbound();
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /twilio/inbound HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "Body=".concat("a".repeat(1019)).getBytes(StandardCharsets.US_ASCII);
            for (int sent = 0; sent <= MAX_BODY; sent += chunk.length) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            // The body never ends: only a server that stopped reading can answer.
            assertThat(statusLine(socket)).startsWith("HTTP/1.1 413");
        }
        assertThat(webhooks.stats().inbound()).isEqualTo(inbound);
    }

    @Test
    void aBodyOnALinkIsRefusedWith413BeforeItEnds() throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("GET /l/AAAAAAAAAAA HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n400\r\n" + "a".repeat(1024) + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(statusLine(socket)).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedWith413() throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("POST /twilio/status?intent=x HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000000\r\n\r\nMessageSid=SM1")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(statusLine(socket)).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void aMultipartUploadIsRefusedBeforeItIsParsed() throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            String part = "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n\r\n"
                    + "x".repeat(100);
            out.write(("POST /twilio/inbound HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: multipart/form-data; boundary=xyz\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(part.length()) + "\r\n" + part + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(statusLine(socket)).startsWith("HTTP/1.1 415");
        }
    }

    @Test
    void aClickTokenMadeWithoutTheSecretIsA404AndRecordsNothingAndPreviewsAreNoClicks() throws Exception {
        String target = "https://shop.example.com/p/kettle";
        writeLedger(entry("click-h-1", "c-click-h-1").setLinkTarget(target).build());
        awaitInLedgerView("click-h-1");

        // What anyone can compute from a guessable intent id: the unkeyed hash the tokens used to be.
        String forged = base64url(MessageDigest.getInstance("SHA-256")
                .digest("click-h-1".getBytes(StandardCharsets.UTF_8)));
        assertThat(HTTP.get(publicBase + "/l/" + forged).statusCode()).isEqualTo(404);

        String token = base64url(hmacSha256(LINK_SECRET, "click-h-1"));
        assertThat(get("/l/" + token, "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)").statusCode())
                .isEqualTo(302);
        assertThat(get("/l/" + token, "facebookexternalhit/1.1 Facebot Twitterbot/1.0").statusCode()).isEqualTo(302);
        HttpResponse<String> tap = get("/l/" + token,
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148");
        assertThat(tap.statusCode()).isEqualTo(302);
        assertThat(tap.headers().firstValue("Location")).hasValue(target);

        List<EngagementEvent> clicks = engagements.await(e -> "click-h-1".equals(e.getMessageId()),
                events -> !events.isEmpty(), "the tap's click");
        assertThat(clicks).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(EngagementType.CLICKED);
            assertThat(e.getCustomerId()).isEqualTo("c-click-h-1");
        });
        assertThat(webhooks.stats().linkPreviews()).isEqualTo(2);

        // The access log: one JSON line per request, without the token.
        awaitCondition(() -> ACCESS_LOG.stream().filter(l -> l.contains("/l/{token}")).count() >= 4, "access log");
        ObjectMapper json = new ObjectMapper();
        for (String line : ACCESS_LOG) {
            assertThat(json.readTree(line).get("route").asText()).isNotBlank();
            assertThat(line).doesNotContain(token).doesNotContain(forged);
        }
    }

    @Test
    void anInboundTextLeavesNoPhoneNumberInTheAccessLog() {
        String url = publicBase + "/twilio/inbound";
        Map<String, String> params = Map.of("MessageSid", "SMlog1", "From", PHONE, "To", "+15005550006",
                "Body", "hello there");
        assertThat(HTTP.postSigned(TOKEN, url, params).statusCode()).isEqualTo(200);
        awaitCondition(() -> ACCESS_LOG.stream().anyMatch(l -> l.contains("/twilio/inbound") && l.contains("200")),
                "the inbound text's access log line");
        assertThat(ACCESS_LOG).noneMatch(l -> l.contains("2125550777") || l.contains("hello"));
    }

    /** From another loopback address (127.0.0.2), so the other tests' requests from 127.0.0.1 are not limited. */
    @Test
    void aFloodFromOneAddressGets429AndOtherAddressesDoNot() throws IOException {
        InetAddress flooder = InetAddress.getByName("127.0.0.2");
        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < LINKS_PER_SECOND * 5; i++) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), URI.create(publicBase).getPort(),
                    flooder, 0)) {
                socket.setSoTimeout((int) PROMPTLY.toMillis());
                socket.getOutputStream().write(("GET /l/flood" + i + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                statuses.add(statusLine(socket));
            }
        }
        assertThat(statuses.get(0)).startsWith("HTTP/1.1 404");
        assertThat(statuses).anySatisfy(status -> assertThat(status).startsWith("HTTP/1.1 429"));
        assertThat(HTTP.get(publicBase + "/l/another-address").statusCode()).isEqualTo(404);
    }

    @Test
    void aCallbackForAnIntentTheLedgerDoesNotKnowYetIsAcceptedAndReportedOnceItDoes() {
        String url = publicBase + "/twilio/status?intent=late-1";
        Map<String, String> delivered = Map.of("MessageSid", "SMlate1", "MessageStatus", "delivered");
        assertThat(HTTP.postSigned(TOKEN, url, Map.of("MessageSid", "SMlate1", "MessageStatus", "sent")).statusCode())
                .isEqualTo(204);
        assertThat(HTTP.postSigned(TOKEN, url, delivered).statusCode()).isEqualTo(204);
        assertThat(HTTP.postSigned(TOKEN, url, delivered).statusCode()).isEqualTo(204);
        assertThat(engagements.ofIntent("late-1")).isEmpty();

        writeLedger(entry("late-1", "c-late-1").build());

        List<EngagementEvent> receipts = engagements.await(e -> "late-1".equals(e.getMessageId()),
                events -> !events.isEmpty(), "the parked receipt");
        assertThat(receipts).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(EngagementType.DELIVERED);
            assertThat(e.getCustomerId()).isEqualTo("c-late-1");
            assertThat(e.getProviderMessageId()).isEqualTo("SMlate1");
        });
        // Once known, a repeat is dropped as before.
        assertThat(HTTP.postSigned(TOKEN, url, delivered).statusCode()).isEqualTo(204);
        assertThat(engagements.ofIntent("late-1")).hasSize(1);
    }

    private static SendLedgerEntry.Builder entry(String intentId, String customerId) {
        Instant now = Instant.now();
        return SendLedgerEntry.newBuilder().setIntentId(intentId).setState(SendState.SENT).setAt(now)
                .setAttemptedAt(now).setBrandId("demo-roasters").setCustomerId(customerId).setToPhone(PHONE)
                .setSender("+15005550006").setBodyHash("h").setProviderMessageId("SM-" + intentId)
                .setSequenceId("after-beans").setSequenceVersion(1).setStep(0).setVariant("A");
    }

    private static void writeLedger(SendLedgerEntry entry) {
        var topic = SendLedgerTopic.of(TOPICS);
        try {
            ledger.send(new ProducerRecord<>(topic.name(), entry.getIntentId(), topic.codec().encode(entry))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitInLedgerView(String intentId) {
        awaitCondition(() -> webhooks.ledgerEntry(intentId).isPresent(), intentId + " in the ledger view");
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(EngagementLog.DEADLINE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.onSpinWait();
        }
    }

    private static HttpResponse<String> get(String path, String userAgent) {
        try {
            return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build().send(
                    HttpRequest.newBuilder(URI.create(publicBase + path)).header("User-Agent", userAgent).GET()
                            .timeout(PROMPTLY).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmacSha256(String secret, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String base64url(byte[] digest) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 11);
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), URI.create(publicBase).getPort());
        socket.setSoTimeout((int) PROMPTLY.toMillis());
        return socket;
    }

    /** The response's first line; a time-out means the server is still reading what it should have refused. */
    private static String statusLine(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        try {
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                line.append((char) c);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("No answer within " + PROMPTLY + ": the server is reading the body", e);
        }
        return line.toString().trim();
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
