package dev.nudge.devstack.twilio;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves each new message from {@code queued} through its {@link DeliveryOutcome} on a background executor and, when
 * the message has a StatusCallback and callbacks are on, POSTs Twilio's signed status callback after every step.
 * A message may first wait in the queue ({@link FakeBehaviour#queuedFor()}); its date_sent is set when it is sent.
 * Callbacks may be disordered as Twilio's are: each late by a random delay (so a later status can overtake an
 * earlier one) and some posted twice.
 */
final class DeliverySimulator implements AutoCloseable {

    /** The sender the fake assigns to messages sent through a Messaging Service (Twilio's test number). */
    static final String SERVICE_SENDER = "+15005550006";

    private static final Logger LOG = LoggerFactory.getLogger(DeliverySimulator.class);

    private final TwilioWebhookClient webhooks;
    private final MessageStore store;
    private final FakeBehaviour behaviour;
    private final ScheduledExecutorService executor;

    DeliverySimulator(String authToken, MessageStore store, FakeBehaviour behaviour) {
        this.webhooks = new TwilioWebhookClient(authToken);
        this.store = store;
        this.behaviour = behaviour;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "twilio-fake-delivery-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    void start(String sid, DeliveryOutcome outcome) {
        schedule(() -> deliver(sid, outcome), behaviour.queuedFor());
    }

    private void deliver(String sid, DeliveryOutcome outcome) {
        for (String status : outcome.statuses()) {
            boolean last = outcome.isFinal(status);
            Instant at = behaviour.clock().instant().truncatedTo(ChronoUnit.SECONDS);
            var updated = store.update(sid, message -> {
                FakeMessage withSender = message.from() == null ? message.withFrom(SERVICE_SENDER) : message;
                FakeMessage stamped = status.equals("sent") && message.dateSent() == null
                        ? withSender.withDateSent(at) : withSender;
                return stamped.withStatus(status, last ? outcome.errorCode() : null,
                        last ? outcome.errorMessage() : null, at);
            });
            if (updated.isEmpty()) {
                return; // cleared meanwhile
            }
            if (behaviour.statusCallbacks() && updated.get().statusCallback() != null) {
                callback(updated.get());
            }
        }
    }

    /** Posts at once and in order by default; late, perhaps twice, when callbacks are disordered. */
    private void callback(FakeMessage message) {
        Duration maxDelay = behaviour.callbackMaxDelay();
        if (maxDelay.isZero() && behaviour.callbackRepeatRate() == 0) {
            post(message);
            return;
        }
        int copies = behaviour.draw(behaviour.callbackRepeatRate()) ? 2 : 1;
        for (int copy = 0; copy < copies; copy++) {
            schedule(() -> post(message), behaviour.drawUpTo(maxDelay));
        }
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Fake closed; dropped a delivery step");
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
