package dev.nudge.platform.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.twilio.security.RequestValidator;
import dev.nudge.devstack.twilio.DeliveryOutcome;
import dev.nudge.devstack.twilio.RecordedRequest;
import dev.nudge.devstack.twilio.StatusCallbackReceiver;
import dev.nudge.devstack.twilio.StatusCallbackReceiver.ReceivedCallback;
import dev.nudge.devstack.twilio.TwilioFake;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import dev.nudge.devstack.Await;
import org.junit.jupiter.api.Test;

/** The real Twilio SDK, through {@link TwilioSmsClient}, against the dev stack's Twilio fake. */
class TwilioSmsClientITCase {

    private static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    private static final String AUTH_TOKEN = "it-auth-token";
    private static final String SENDER = "+15550002222";
    private static final String MESSAGING_SERVICE = "MGfedcba9876543210fedcba9876543210";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static TwilioFake fake;
    private static StatusCallbackReceiver receiver;
    private static TwilioSettings settings;
    private static TwilioSmsClient sms;

    @BeforeAll
    static void start() {
        fake = TwilioFake.start(ACCOUNT_SID, AUTH_TOKEN);
        receiver = StatusCallbackReceiver.start();
        settings = TwilioSettings.of(ACCOUNT_SID, AUTH_TOKEN).withApiBaseUrl(URI.create(fake.baseUrl()));
        sms = new TwilioSmsClient(TwilioClients.create(settings), 25);
    }

    @AfterAll
    static void stop() {
        fake.close();
        receiver.close();
    }

    @BeforeEach
    void resetFake() {
        fake.clear();
    }

    @Test
    void sendReturnsTheQueuedMessageAndFetchFollowsItsStatus() throws Exception {
        SentMessage sent = sms.send(SENDER, "+15551110001", "Your cart misses you", null);

        assertThat(sent.sid()).matches("SM[0-9a-f]{32}");
        assertThat(sent.status()).isEqualTo("queued");
        assertThat(sent.to()).isEqualTo("+15551110001");
        assertThat(sent.from()).isEqualTo(SENDER);
        assertThat(sent.body()).isEqualTo("Your cart misses you");
        assertThat(Duration.between(sent.dateCreated(), Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
        RecordedRequest request = fake.requests().get(0);
        assertThat(request.formParam("To")).isEqualTo("+15551110001");
        assertThat(request.formParam("From")).isEqualTo(SENDER);
        assertThat(request.formParam("StatusCallback")).isNull();

        awaitCondition(() -> "delivered".equals(sms.fetch(sent.sid()).orElseThrow().status()), "delivered");
        assertThat(sms.fetch("SM00000000000000000000000000000000")).isEmpty();
    }

    @Test
    void aMessagingServiceSidIsSentAsMessagingServiceSidNotFrom() {
        SentMessage sent = sms.send(MESSAGING_SERVICE, "+15551110002", "Hi", null);

        assertThat(sent.messagingServiceSid()).isEqualTo(MESSAGING_SERVICE);
        assertThat(sent.from()).isNull();
        RecordedRequest request = fake.requests().get(0);
        assertThat(request.formParam("MessagingServiceSid")).isEqualTo(MESSAGING_SERVICE);
        assertThat(request.form()).doesNotContainKey("From");
    }

    @Test
    void listSentToReadsEveryPageOfTheDateWindowOnly() {
        String to = "+15551110003";
        Instant windowStart = Instant.parse("2026-05-04T09:00:00Z");
        sendAt(windowStart.minusSeconds(3600), to, 3);
        List<String> inWindow = new ArrayList<>();
        for (int second = 0; second < 60; second++) {
            fake.clock(Clock.fixed(windowStart.plusSeconds(second), ZoneOffset.UTC));
            inWindow.add(sms.send(SENDER, to, "in window " + second, null).sid());
        }
        sendAt(windowStart.plusSeconds(30), "+15551119999", 2);
        sendAt(windowStart.plusSeconds(7200), to, 2);
        Instant windowEnd = windowStart.plusSeconds(59);

        List<SentMessage> listed = sms.listSentTo(to, windowStart, windowEnd);

        Collections.reverse(inWindow);
        assertThat(listed).extracting(SentMessage::sid).containsExactlyElementsOf(inWindow);
        assertThat(listed).allSatisfy(message -> assertThat(message.dateSent()).isBetween(windowStart, windowEnd));
        List<RecordedRequest> pageRequests = fake.requests().stream()
                .filter(request -> request.method().equals("GET")).toList();
        assertThat(pageRequests).hasSize(3); // 25 + 25 + 10
        assertThat(pageRequests.get(0).queryParam("DateSent>")).isEqualTo("2026-05-04T09:00:00");
        assertThat(pageRequests.get(0).queryParam("DateSent<")).isEqualTo("2026-05-04T09:00:59");
        assertThat(pageRequests.get(0).queryParam("PageSize")).isEqualTo("25");
        assertThat(pageRequests.get(2).queryParam("PageToken")).startsWith("PASM");
    }

    @Test
    void tooManyRequestsIsRetryableWithTwiliosCode() {
        fake.failNext(1, 429);

        long started = System.nanoTime();
        TwilioCallException failure = catchThrowableOfType(TwilioCallException.class,
                () -> sms.send(SENDER, "+15551110004", "x", null));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.httpStatus()).isEqualTo(429);
        assertThat(failure.twilioCode()).hasValue(20429);
        assertThat(took).as("answered at once, not after Retry-After").isLessThan(Duration.ofMillis(900));
        assertThat(fake.requests()).hasSize(1);
        assertThat(sms.send(SENDER, "+15551110004", "x", null).status()).isEqualTo("queued");
    }

    @Test
    void serverErrorsAreRetriedByTheSdkThreeTimesThenRetryable() {
        fake.failNext(2, 503);
        assertThat(sms.send(SENDER, "+15551110005", "x", null).status()).isEqualTo("queued");
        assertThat(fake.requests()).hasSize(3);

        fake.failNext(3, 500);
        TwilioCallException failure = catchThrowableOfType(TwilioCallException.class,
                () -> sms.send(SENDER, "+15551110005", "x", null));

        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.httpStatus()).isEqualTo(500);
        assertThat(failure.twilioCode()).hasValue(20500);
        assertThat(fake.messages()).hasSize(1);
    }

    @Test
    void optedOutAndInvalidNumbersArePermanentWithTheirCodes() {
        fake.optedOut("+15551110006").invalidNumber("+15551110007");

        TwilioCallException optedOut = catchThrowableOfType(TwilioCallException.class,
                () -> sms.send(SENDER, "+15551110006", "x", null));
        TwilioCallException invalid = catchThrowableOfType(TwilioCallException.class,
                () -> sms.send(SENDER, "+15551110007", "x", null));

        assertThat(optedOut.isPermanent()).isTrue();
        assertThat(optedOut.twilioCode()).hasValue(21610);
        assertThat(optedOut.httpStatus()).isEqualTo(400);
        assertThat(invalid.isPermanent()).isTrue();
        assertThat(invalid.twilioCode()).hasValue(21211);
        assertThat(invalid.httpStatus()).isEqualTo(400);
    }

    @Test
    void wrongCredentialsArePermanent() {
        TwilioSmsClient wrongToken = TwilioSmsClient.create(
                TwilioSettings.of(ACCOUNT_SID, "not-the-token").withApiBaseUrl(URI.create(fake.baseUrl())));

        TwilioCallException failure = catchThrowableOfType(TwilioCallException.class,
                () -> wrongToken.send(SENDER, "+15551110008", "x", null));

        assertThat(failure.isPermanent()).isTrue();
        assertThat(failure.httpStatus()).isEqualTo(401);
        assertThat(failure.twilioCode()).hasValue(20003);
    }

    @Test
    void aSlowAnswerTimesOutAsRetryable() throws Exception {
        TwilioSmsClient impatient = TwilioSmsClient.create(settings.withReadTimeout(Duration.ofMillis(300)));
        fake.delay(Duration.ofSeconds(2));

        long started = System.nanoTime();
        TwilioCallException failure = catchThrowableOfType(TwilioCallException.class,
                () -> impatient.send(SENDER, "+15551110009", "x", null));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.httpStatus()).isZero();
        assertThat(took).isLessThan(Duration.ofMillis(1500));
        // The fake still creates the message once the delay is over: why a retried send may duplicate.
        awaitCondition(() -> fake.messages().size() == 1, "the timed-out send to land");
    }

    @Test
    void statusCallbacksArriveSignedForTheAuthToken() throws Exception {
        fake.finalStatus("+15551110011", DeliveryOutcome.UNDELIVERED);
        URI callbackUrl = URI.create(receiver.url("/twilio/status"));

        SentMessage delivered = sms.send(SENDER, "+15551110010", "x", callbackUrl);
        SentMessage undelivered = sms.send(MESSAGING_SERVICE, "+15551110011", "x", callbackUrl);

        List<ReceivedCallback> forDelivered = receiver.await(c -> delivered.sid().equals(c.messageSid()), 2, WAIT);
        List<ReceivedCallback> forUndelivered = receiver.await(c -> undelivered.sid().equals(c.messageSid()), 2, WAIT);
        assertThat(forDelivered).extracting(ReceivedCallback::messageStatus).containsExactly("sent", "delivered");
        assertThat(forUndelivered).extracting(ReceivedCallback::messageStatus).containsExactly("sent", "undelivered");
        assertThat(forUndelivered.get(1).params()).containsEntry("ErrorCode", "30003")
                .containsEntry("MessagingServiceSid", MESSAGING_SERVICE);
        RequestValidator validator = new RequestValidator(AUTH_TOKEN);
        List<ReceivedCallback> all = new ArrayList<>(forDelivered);
        all.addAll(forUndelivered);
        assertThat(all).allSatisfy(callback -> {
            assertThat(callback.url()).isEqualTo(callbackUrl.toString());
            assertThat(validator.validate(callback.url(), callback.params(), callback.signature())).isTrue();
        });
        SentMessage afterwards = sms.fetch(undelivered.sid()).orElseThrow();
        assertThat(afterwards.status()).isEqualTo("undelivered");
        assertThat(afterwards.errorCode()).isEqualTo(30003);
    }

    /** One quick figure per thread count, after a warm-up; asserts only that every send arrived once. */
    @Test
    void sendsConcurrentlyWithoutLosingMessages() throws Exception {
        sendRate(2, 300);
        double oneThread = sendRate(1, 1000);
        double eightThreads = sendRate(8, 250);
        System.out.printf("TwilioSmsClient -> TwilioFake: %.0f messages/s from 1 thread, %.0f from 8 threads%n",
                oneThread, eightThreads);
    }

    private double sendRate(int threads, int perThread) throws Exception {
        fake.clear();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long started = System.nanoTime();
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String to = "+1555222" + String.format("%04d", t);
                results.add(pool.submit(() -> {
                    List<String> sids = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        sids.add(sms.send(SENDER, to, "load " + i, null).sid());
                    }
                    return sids;
                }));
            }
            Set<String> sids = new HashSet<>();
            for (Future<List<String>> result : results) {
                sids.addAll(result.get());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(sids).hasSize(threads * perThread);
            assertThat(fake.messages()).hasSize(threads * perThread);
            return threads * perThread / seconds;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void sendAt(Instant at, String to, int count) {
        fake.clock(Clock.fixed(at, ZoneOffset.UTC));
        for (int i = 0; i < count; i++) {
            sms.send(SENDER, to, "outside the window", null);
        }
    }

    private static void awaitCondition(BooleanSupplier condition, String what) {
        Await.until(condition, WAIT, what);
    }
}
