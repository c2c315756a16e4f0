package dev.nudge.devstack.twilio;

import java.io.UncheckedIOException;
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

    private final TwilioWebhookClient webhooks;
    private final MessageStore store;
    private final FakeBehaviour behaviour;
    private final ExecutorService executor;

    DeliverySimulator(String authToken, MessageStore store, FakeBehaviour behaviour) {
        this.webhooks = new TwilioWebhookClient(authToken);
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
            int status = webhooks.postSigned(url, params).statusCode();
            if (status >= 400) {
                LOG.warn("Status callback {} for {} answered {}", params.get("MessageStatus"), message.sid(), status);
            }
        } catch (UncheckedIOException e) {
            LOG.warn("Status callback {} for {} to {} failed: {}", params.get("MessageStatus"), message.sid(), url,
                    e.getCause().toString());
        }
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
