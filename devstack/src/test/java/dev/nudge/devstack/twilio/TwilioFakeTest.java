package dev.nudge.devstack.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.security.RequestValidator;
import dev.nudge.devstack.twilio.StatusCallbackReceiver.ReceivedCallback;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import dev.nudge.devstack.Await;
import org.junit.jupiter.api.Test;

/** The fake over raw HTTP: what the SDK will see, checked without the SDK in between. */
class TwilioFakeTest {

    private static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    private static final String AUTH_TOKEN = "fake-test-token";
    private static final String SENDER = "+15550001111";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static TwilioFake fake;
    private static StatusCallbackReceiver receiver;

    @BeforeAll
    static void startFake() {
        fake = TwilioFake.start(ACCOUNT_SID, AUTH_TOKEN);
        receiver = StatusCallbackReceiver.start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
        receiver.close();
    }

    @BeforeEach
    void forgetEarlierTests() {
        fake.clear();
    }

    @Test
    void createAnswersQueuedMessageInTwilioShapeAndRecordsTheRequest() throws Exception {
        HttpResponse<String> response = create(Map.of("To", "+15551230001", "From", SENDER, "Body", "Hello"));

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode message = JSON.readTree(response.body());
        String sid = message.get("sid").asText();
        assertThat(sid).matches("SM[0-9a-f]{32}");
        assertThat(message.get("status").asText()).isEqualTo("queued");
        assertThat(message.get("account_sid").asText()).isEqualTo(ACCOUNT_SID);
        assertThat(message.get("to").asText()).isEqualTo("+15551230001");
        assertThat(message.get("from").asText()).isEqualTo(SENDER);
        assertThat(message.get("body").asText()).isEqualTo("Hello");
        assertThat(message.get("direction").asText()).isEqualTo("outbound-api");
        assertThat(message.get("num_segments").asText()).isEqualTo("1");
        assertThat(message.get("error_code").isNull()).isTrue();
        assertThat(message.get("uri").asText()).isEqualTo("/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages/" + sid + ".json");
        ZonedDateTime created = ZonedDateTime.parse(message.get("date_created").asText(),
                DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(Duration.between(created.toInstant(), Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));

        assertThat(fake.messages()).extracting(FakeMessage::sid).containsExactly(sid);
        RecordedRequest recorded = fake.requests().get(0);
        assertThat(recorded.method()).isEqualTo("POST");
        assertThat(recorded.path()).isEqualTo("/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json");
        assertThat(recorded.formParam("Body")).isEqualTo("Hello");
        assertThat(recorded.header("authorization")).startsWith("Basic ");
    }

    @Test
    void messagingServiceSendsHaveNoSenderUntilOneIsAssigned() throws Exception {
        String serviceSid = "MG0123456789abcdef0123456789abcdef";
        JsonNode message = JSON.readTree(create(Map.of("To", "+15551230002", "MessagingServiceSid", serviceSid,
                "Body", "Hi")).body());

        assertThat(message.get("from").isNull()).isTrue();
        assertThat(message.get("messaging_service_sid").asText()).isEqualTo(serviceSid);
        String sid = message.get("sid").asText();
        awaitCondition(() -> "delivered".equals(fake.message(sid).orElseThrow().status()), "delivered");
        assertThat(fake.message(sid).orElseThrow().from()).isEqualTo(DeliverySimulator.SERVICE_SENDER);
    }

    @Test
    void wrongOrMissingCredentialsGet401AndCreateNothing() throws Exception {
        HttpResponse<String> wrongToken = send(HttpRequest.newBuilder(messagesUri(""))
                .header("Authorization", basic(ACCOUNT_SID, "wrong"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("To=%2B15551230003&From=%2B15550001111&Body=x")));
        HttpResponse<String> noAuth = send(HttpRequest.newBuilder(messagesUri("")).GET());

        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrongToken.body()).get("code").asInt()).isEqualTo(20003);
        assertThat(noAuth.statusCode()).isEqualTo(401);
        assertThat(fake.messages()).isEmpty();
        assertThat(fake.requests()).hasSize(2);
    }

    @Test
    void fetchReturnsTheMessageAndTwilios404ForAnUnknownSid() throws Exception {
        String sid = JSON.readTree(create(Map.of("To", "+15551230004", "From", SENDER, "Body", "Hi")).body())
                .get("sid").asText();

        HttpResponse<String> found = get(URI.create(fake.baseUrl() + "/2010-04-01/Accounts/" + ACCOUNT_SID
                + "/Messages/" + sid + ".json"));
        HttpResponse<String> unknown = get(URI.create(fake.baseUrl() + "/2010-04-01/Accounts/" + ACCOUNT_SID
                + "/Messages/SM00000000000000000000000000000000.json"));

        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(found.body()).get("sid").asText()).isEqualTo(sid);
        assertThat(unknown.statusCode()).isEqualTo(404);
        JsonNode error = JSON.readTree(unknown.body());
        assertThat(error.get("code").asInt()).isEqualTo(20404);
        assertThat(error.get("status").asInt()).isEqualTo(404);
        assertThat(error.get("more_info").asText()).isEqualTo("https://www.twilio.com/docs/errors/20404");
    }

    @Test
    void listPagesNewestFirstThroughNextPageUriAndBackThroughPreviousPageUri() throws Exception {
        String to = "+15551230005";
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(JSON.readTree(create(Map.of("To", to, "From", SENDER, "Body", "m" + i)).body())
                    .get("sid").asText());
        }
        create(Map.of("To", "+15551239999", "From", SENDER, "Body", "someone else"));

        List<JsonNode> pages = new ArrayList<>();
        String uri = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json?To=%2B15551230005&PageSize=3";
        while (uri != null) {
            HttpResponse<String> response = get(URI.create(fake.baseUrl() + uri));
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode page = JSON.readTree(response.body());
            pages.add(page);
            uri = page.get("next_page_uri").isNull() ? null : page.get("next_page_uri").asText();
        }

        assertThat(pages).hasSize(3);
        List<String> listed = new ArrayList<>();
        pages.forEach(page -> page.get("messages").forEach(message -> listed.add(message.get("sid").asText())));
        List<String> newestFirst = new ArrayList<>(created);
        Collections.reverse(newestFirst);
        assertThat(listed).containsExactlyElementsOf(newestFirst);
        assertThat(pages.get(0).get("first_page_uri").asText())
                .isEqualTo("/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json?To=%2B15551230005&PageSize=3&Page=0");
        assertThat(pages.get(0).get("previous_page_uri").isNull()).isTrue();
        assertThat(pages.get(1).get("page").asInt()).isEqualTo(1);
        assertThat(pages.get(1).get("start").asInt()).isEqualTo(3);
        assertThat(pages.get(1).get("end").asInt()).isEqualTo(5);
        assertThat(pages.get(2).get("messages")).hasSize(1);

        JsonNode back = JSON.readTree(get(URI.create(fake.baseUrl()
                + pages.get(2).get("previous_page_uri").asText())).body());
        assertThat(back.get("messages")).extracting(message -> message.get("sid").asText())
                .containsExactlyElementsOf(listed.subList(3, 6));
    }

    @Test
    void listFiltersByDateSentWithInclusiveBounds() throws Exception {
        Instant monday = Instant.parse("2026-03-02T10:00:00Z");
        String to = "+15551230006";
        Map<String, String> sidByTime = new LinkedHashMap<>();
        for (Instant at : List.of(monday, monday.plusSeconds(60), monday.plusSeconds(120), monday.plusSeconds(86_400))) {
            fake.clock(Clock.fixed(at, ZoneOffset.UTC));
            sidByTime.put(at.toString(), JSON.readTree(create(Map.of("To", to, "From", SENDER, "Body", "x")).body())
                    .get("sid").asText());
        }

        assertThat(listSids("To=%2B15551230006&DateSent%3E=2026-03-02T10:01:00&DateSent%3C=2026-03-02T10:02:00"))
                .containsExactly(sidByTime.get("2026-03-02T10:02:00Z"), sidByTime.get("2026-03-02T10:01:00Z"));
        assertThat(listSids("To=%2B15551230006&DateSent=2026-03-02")).hasSize(3);
        assertThat(listSids("To=%2B15551230006&DateSent%3E=2026-03-03"))
                .containsExactly(sidByTime.get("2026-03-03T10:00:00Z"));
        assertThat(get(messagesUri("?DateSent%3E=yesterday")).statusCode()).isEqualTo(400);
    }

    @Test
    void injectedFailuresAnswerWithTwiliosErrorJsonThenRecover() throws Exception {
        fake.failNext(2, 429);
        Map<String, String> form = Map.of("To", "+15551230007", "From", SENDER, "Body", "x");

        HttpResponse<String> first = create(form);
        HttpResponse<String> second = create(form);
        HttpResponse<String> third = create(form);

        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(JSON.readTree(first.body()).get("code").asInt()).isEqualTo(20429);
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(third.statusCode()).isEqualTo(201);
        assertThat(fake.messages()).hasSize(1);

        fake.failNext(1, 503);
        HttpResponse<String> unavailable = get(messagesUri(""));
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(unavailable.body()).get("status").asInt()).isEqualTo(503);
        fake.failNext(1, 500);
        assertThat(JSON.readTree(get(messagesUri("")).body()).get("code").asInt()).isEqualTo(20500);
    }

    @Test
    void delayHoldsEveryAnswer() throws Exception {
        fake.delay(Duration.ofMillis(300));
        long started = System.nanoTime();
        HttpResponse<String> response = get(messagesUri(""));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void invalidAndOptedOutNumbersGetTwiliosErrorCodes() throws Exception {
        fake.invalidNumber("+15551230008").optedOut("+15551230009");

        assertError(create(Map.of("To", "+15551230008", "From", SENDER, "Body", "x")), 400, 21211);
        assertError(create(Map.of("To", "+15551230009", "From", SENDER, "Body", "x")), 400, 21610);
        assertError(create(Map.of("To", "not-a-number", "From", SENDER, "Body", "x")), 400, 21211);
        assertError(create(Map.of("To", "+15551230010", "From", SENDER)), 400, 21602);
        assertError(create(Map.of("To", "+15551230010", "Body", "x")), 400, 21603);
        assertThat(fake.messages()).isEmpty();
    }

    @Test
    void statusCallbacksAreSignedSoTheSdksValidatorAcceptsThem() throws Exception {
        String callbackUrl = receiver.url("/status/delivered");
        String sid = JSON.readTree(create(Map.of("To", "+15551230011", "From", SENDER, "Body", "x",
                "StatusCallback", callbackUrl)).body()).get("sid").asText();

        List<ReceivedCallback> callbacks = receiver.await(callback -> sid.equals(callback.messageSid()), 2, WAIT);

        assertThat(callbacks).extracting(ReceivedCallback::messageStatus).containsExactly("sent", "delivered");
        RequestValidator validator = new RequestValidator(AUTH_TOKEN);
        for (ReceivedCallback callback : callbacks) {
            assertThat(callback.url()).isEqualTo(callbackUrl);
            assertThat(callback.params()).containsEntry("AccountSid", ACCOUNT_SID)
                    .containsEntry("To", "+15551230011").containsEntry("From", SENDER)
                    .doesNotContainKey("ErrorCode");
            assertThat(validator.validate(callback.url(), callback.params(), callback.signature())).isTrue();
            assertThat(new RequestValidator("another-token")
                    .validate(callback.url(), callback.params(), callback.signature())).isFalse();
        }
        assertThat(fake.message(sid).orElseThrow().status()).isEqualTo("delivered");
    }

    @Test
    void finalStatusPerNumberEndsUndeliveredOrFailedWithErrorCode() throws Exception {
        fake.finalStatus("+15551230012", DeliveryOutcome.UNDELIVERED).finalStatus("+15551230013", DeliveryOutcome.FAILED);
        String callbackUrl = receiver.url("/status/outcomes");
        String undelivered = JSON.readTree(create(Map.of("To", "+15551230012", "From", SENDER, "Body", "x",
                "StatusCallback", callbackUrl)).body()).get("sid").asText();
        String failed = JSON.readTree(create(Map.of("To", "+15551230013", "From", SENDER, "Body", "x",
                "StatusCallback", callbackUrl)).body()).get("sid").asText();

        List<ReceivedCallback> forUndelivered = receiver.await(c -> undelivered.equals(c.messageSid()), 2, WAIT);
        List<ReceivedCallback> forFailed = receiver.await(c -> failed.equals(c.messageSid()), 1, WAIT);

        assertThat(forUndelivered).extracting(ReceivedCallback::messageStatus).containsExactly("sent", "undelivered");
        assertThat(forUndelivered.get(1).params()).containsEntry("ErrorCode", "30003");
        assertThat(forFailed).extracting(ReceivedCallback::messageStatus).containsExactly("failed");
        assertThat(forFailed.get(0).params()).containsEntry("ErrorCode", "30008");
        assertThat(fake.message(failed).orElseThrow().errorCode()).isEqualTo(30008);
    }

    @Test
    void withCallbacksOffStatusesStillAdvanceButNothingIsPosted() throws Exception {
        fake.statusCallbacks(false);
        String callbackUrl = receiver.url("/status/off");
        String sid = JSON.readTree(create(Map.of("To", "+15551230014", "From", SENDER, "Body", "x",
                "StatusCallback", callbackUrl)).body()).get("sid").asText();

        awaitCondition(() -> "delivered".equals(fake.message(sid).orElseThrow().status()), "delivered");
        // Callbacks go out in order right after each status change, so a "sent" callback would be here by now.
        assertThat(receiver.received()).noneMatch(callback -> sid.equals(callback.messageSid()));
    }

    @Test
    void errorAfterStoreAnswers5xxForAMessageItStoredAndSends() throws Exception {
        fake.errorAfterStore(1.0, 500);
        HttpResponse<String> answer = create(Map.of("To", "+15551230020", "From", SENDER, "Body", "stored anyway"));

        assertError(answer, 500, 20500);
        assertThat(fake.messages()).singleElement().satisfies(message -> {
            assertThat(message.body()).isEqualTo("stored anyway");
            awaitCondition(() -> "delivered".equals(fake.message(message.sid()).orElseThrow().status()), "delivered");
        });
    }

    @Test
    void faultsAtARateAreDrawnFromTheSeedSoTheSameRunFailsTheSameCreates() throws Exception {
        List<Integer> first = statusesOf40CreatesWithSeed(7);
        List<Integer> again = statusesOf40CreatesWithSeed(7);

        assertThat(again).isEqualTo(first);
        assertThat(first).containsOnly(201, 503).contains(201, 503);
        assertThat(fake.messages()).hasSize(40); // every create stored, whatever it answered
    }

    private List<Integer> statusesOf40CreatesWithSeed(long seed) throws Exception {
        fake.clear();
        fake.seed(seed).errorAfterStore(0.25, 503);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            statuses.add(create(Map.of("To", "+15551230021", "From", SENDER, "Body", "m" + i)).statusCode());
        }
        return statuses;
    }

    @Test
    void timeoutAfterStoreHoldsTheAnswerPastTheClientsTimeoutButTheMessageIsThere() throws Exception {
        fake.timeoutAfterStore(1.0, Duration.ofSeconds(2));
        HttpRequest request = HttpRequest.newBuilder(messagesUri(""))
                .header("Authorization", basic(ACCOUNT_SID, AUTH_TOKEN))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(FormEncoding.encode(
                        Map.of("To", "+15551230022", "From", SENDER, "Body", "late answer"))))
                .timeout(Duration.ofMillis(300))
                .build();

        assertThatThrownBy(() -> HTTP.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(fake.messages()).extracting(FakeMessage::body).containsExactly("late answer");
    }

    @Test
    void aQueuedMessageHasNoDateSentSoADateSentListMissesItUntilItIsSent() throws Exception {
        fake.queueFor(Duration.ofSeconds(1));
        String sid = JSON.readTree(create(Map.of("To", "+15551230023", "From", SENDER, "Body", "in the queue")).body())
                .get("sid").asText();

        JsonNode fetched = JSON.readTree(get(messageUri(sid)).body());
        assertThat(fetched.get("status").asText()).isEqualTo("queued");
        assertThat(fetched.get("date_sent").isNull()).isTrue();
        assertThat(listSids("To=%2B15551230023")).containsExactly(sid);
        assertThat(listSids("To=%2B15551230023&DateSent%3E=2020-01-01")).isEmpty();

        awaitCondition(() -> "delivered".equals(fake.message(sid).orElseThrow().status()), "delivered");
        assertThat(fake.message(sid).orElseThrow().dateSent()).isNotNull();
        assertThat(listSids("To=%2B15551230023&DateSent%3E=2020-01-01")).containsExactly(sid);
    }

    @Test
    void disorderedCallbacksComeLateSomeTwiceAndSomeOutOfOrder() throws Exception {
        fake.seed(3).disorderCallbacks(Duration.ofMillis(400), 0.5);
        String callbackUrl = receiver.url("/status/disordered");
        List<String> sids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sids.add(JSON.readTree(create(Map.of("To", "+1555123003" + (i % 10), "From", SENDER, "Body", "d" + i,
                    "StatusCallback", callbackUrl)).body()).get("sid").asText());
        }

        for (String sid : sids) {
            awaitCondition(() -> receiver.received().stream().filter(c -> sid.equals(c.messageSid()))
                    .map(ReceivedCallback::messageStatus).distinct().count() == 2, "sent and delivered for " + sid);
        }
        awaitCondition(() -> {
            Map<String, List<String>> statusesBySid = new LinkedHashMap<>();
            receiver.received().stream().filter(c -> sids.contains(c.messageSid())).forEach(c ->
                    statusesBySid.computeIfAbsent(c.messageSid(), key -> new ArrayList<>()).add(c.messageStatus()));
            boolean repeated = statusesBySid.values().stream().anyMatch(statuses -> statuses.size() > 2);
            boolean reordered = statusesBySid.values().stream()
                    .anyMatch(statuses -> statuses.indexOf("delivered") < statuses.indexOf("sent"));
            return repeated && reordered;
        }, "a callback posted twice, and a delivered callback that overtook its sent");
        assertThat(fake.messages()).allMatch(message -> message.status().equals("delivered"));
    }

    @Test
    void aSuspendedAccountFailsEveryCallWith20003AndStoresNothing() throws Exception {
        fake.suspendAccount(true);

        assertError(create(Map.of("To", "+15551230024", "From", SENDER, "Body", "x")), 401, 20003);
        assertError(get(messagesUri("")), 401, 20003);
        assertThat(fake.messages()).isEmpty();

        fake.suspendAccount(false);
        assertThat(create(Map.of("To", "+15551230024", "From", SENDER, "Body", "x")).statusCode()).isEqualTo(201);
    }

    private List<String> listSids(String query) throws IOException, InterruptedException {
        HttpResponse<String> response = get(messagesUri("?" + query));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> sids = new ArrayList<>();
        JSON.readTree(response.body()).get("messages").forEach(message -> sids.add(message.get("sid").asText()));
        return sids;
    }

    private static void assertError(HttpResponse<String> response, int status, int code) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("code").asInt()).isEqualTo(code);
        assertThat(error.get("status").asInt()).isEqualTo(status);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("more_info").asText()).endsWith("/" + code);
    }

    private static HttpResponse<String> create(Map<String, String> form) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(messagesUri(""))
                .header("Authorization", basic(ACCOUNT_SID, AUTH_TOKEN))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(FormEncoding.encode(form))));
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).header("Authorization", basic(ACCOUNT_SID, AUTH_TOKEN)).GET());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI messageUri(String sid) {
        return URI.create(fake.baseUrl() + "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages/" + sid + ".json");
    }

    private static URI messagesUri(String query) {
        return URI.create(fake.baseUrl() + "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json" + query);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static void awaitCondition(BooleanSupplier condition, String what) {
        Await.until(condition, WAIT, what);
    }
}
