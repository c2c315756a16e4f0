package dev.nudge.devstack.twilio;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves each new message from {@code queued} through its {@link DeliveryOutcome} on a background executor and, when
 * the message has a StatusCallback and callbacks are on, POSTs Twilio's signed status callback after every step.
 */
final class DeliverySimulator implements AutoCloseable {

    /** The sender the fake assigns to messages sent through a Messaging Service (Twilio's test number). */
    static final String SERVICE_SENDER = "+15005550006";

    private static final Logger LOG = LoggerFactory.getLogger(DeliverySimulator.class);
    private static final Duration CALLBACK_TIMEOUT = Duration.ofSeconds(5);

    private final String authToken;
    private final MessageStore store;
    private final FakeBehaviour behaviour;
    private final ExecutorService executor;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CALLBACK_TIMEOUT)
            .build();

    DeliverySimulator(String authToken, MessageStore store, FakeBehaviour behaviour) {
        this.authToken = authToken;
        this.store = store;
        this.behaviour = behaviour;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "twilio-fake-delivery-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    void start(String sid, DeliveryOutcome outcome) {
        executor.execute(() -> deliver(sid, outcome));
    }

    private void deliver(String sid, DeliveryOutcome outcome) {
        for (String status : outcome.statuses()) {
            boolean last = outcome.isFinal(status);
            var updated = store.update(sid, message -> {
                FakeMessage withSender = message.from() == null ? message.withFrom(SERVICE_SENDER) : message;
                return withSender.withStatus(status, last ? outcome.errorCode() : null,
                        last ? outcome.errorMessage() : null,
                        behaviour.clock().instant().truncatedTo(ChronoUnit.SECONDS));
            });
            if (updated.isEmpty()) {
                return; // cleared meanwhile
            }
            if (behaviour.statusCallbacks() && updated.get().statusCallback() != null) {
                post(updated.get());
            }
        }
    }

    private void post(FakeMessage message) {
        Map<String, String> params = callbackParams(message);
        String url = message.statusCallback();
        try {
            int status = postSigned(url, params).statusCode();
            if (status >= 400) {
                LOG.warn("Status callback {} for {} answered {}", params.get("MessageStatus"), message.sid(), status);
            }
        } catch (IOException e) {
            LOG.warn("Status callback {} for {} to {} failed: {}", params.get("MessageStatus"), message.sid(), url,
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** POSTs a webhook the way Twilio does: form-encoded, signed with the auth token for exactly this URL. */
    HttpResponse<String> postSigned(String url, Map<String, String> params) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(CALLBACK_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("X-Twilio-Signature", TwilioSignature.sign(authToken, url, params))
                .header("User-Agent", "TwilioProxy/1.1")
                .POST(HttpRequest.BodyPublishers.ofString(FormEncoding.encode(params)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The parameters Twilio posts to a message's StatusCallback. */
    static Map<String, String> callbackParams(FakeMessage message) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", message.accountSid());
        params.put("ApiVersion", "2010-04-01");
        params.put("From", message.from());
        params.put("MessageSid", message.sid());
        params.put("MessageStatus", message.status());
        params.put("SmsSid", message.sid());
        params.put("SmsStatus", message.status());
        params.put("To", message.to());
        if (message.messagingServiceSid() != null) {
            params.put("MessagingServiceSid", message.messagingServiceSid());
        }
        if (message.errorCode() != null) {
            params.put("ErrorCode", message.errorCode().toString());
        }
        return params;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
