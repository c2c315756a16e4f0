package dev.nudge.devstack.twilio;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json}: validates like Twilio, stores, starts delivery. Then,
 * as real Twilio sometimes does, it may answer a 5xx or hold its answer past the client's time-out although the
 * message is stored and will be sent.
 */
final class CreateMessageHandler implements Endpoint {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    private static final Pattern MESSAGING_SERVICE_SID = Pattern.compile("MG[0-9a-fA-F]{32}");
    private static final int MAX_BODY_LENGTH = 1600;

    private final MessageStore store;
    private final FakeBehaviour behaviour;
    private final DeliverySimulator delivery;

    CreateMessageHandler(MessageStore store, FakeBehaviour behaviour, DeliverySimulator delivery) {
        this.store = store;
        this.behaviour = behaviour;
        this.delivery = delivery;
    }

    @Override
    public ApiResponse handle(ApiRequest request, List<String> pathParams) {
        String to = request.formParam("To");
        String from = request.formParam("From");
        String serviceSid = request.formParam("MessagingServiceSid");
        String body = request.formParam("Body");
        String statusCallback = request.formParam("StatusCallback");

        Optional<ApiResponse> rejection = rejection(to, from, serviceSid, body, statusCallback);
        if (rejection.isPresent()) {
            return rejection.get();
        }
        Instant now = behaviour.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        // A message held in the queue has no date_sent yet, as at Twilio; without a hold it is stamped at once.
        Instant dateSent = behaviour.queuedFor().isZero() ? now : null;
        FakeMessage message = new FakeMessage(newSid(), pathParams.get(0), to, from, serviceSid, body, "queued",
                null, null, statusCallback, now, now, dateSent, store.nextSequence());
        store.add(message);
        delivery.start(message.sid(), behaviour.outcomeFor(to));
        OptionalInt errorAfterStore = behaviour.takeErrorAfterStore();
        if (errorAfterStore.isPresent()) {
            return TwilioErrors.injected(errorAfterStore.getAsInt());
        }
        ApiRouter.pause(behaviour.takeTimeoutAfterStore());
        return ApiResponse.json(201, MessageJson.render(message));
    }

    /** Twilio's answer to a request it would refuse, checked in roughly the order Twilio checks. */
    private Optional<ApiResponse> rejection(String to, String from, String serviceSid, String body,
            String statusCallback) {
        if (isBlank(to)) {
            return reject(21604, "A 'To' phone number is required.");
        }
        if (isBlank(from) && isBlank(serviceSid)) {
            return reject(21603, "A 'From' phone number is required.");
        }
        if (!isBlank(serviceSid) && !MESSAGING_SERVICE_SID.matcher(serviceSid).matches()) {
            return reject(21701, "The Messaging Service Sid " + serviceSid + " is invalid.");
        }
        if (isBlank(body)) {
            return reject(21602, "Message body is required.");
        }
        if (body.length() > MAX_BODY_LENGTH) {
            return reject(21617, "The concatenated message body exceeds the 1600 character limit.");
        }
        if (!E164.matcher(to).matches() || behaviour.isInvalid(to)) {
            return reject(TwilioErrors.INVALID_TO_NUMBER, "Invalid 'To' Phone Number: " + to);
        }
        if (behaviour.isOptedOut(to)) {
            return reject(TwilioErrors.UNSUBSCRIBED_RECIPIENT, "Attempt to send to unsubscribed recipient");
        }
        if (statusCallback != null && !isHttpUrl(statusCallback)) {
            return reject(21609, "Invalid StatusCallback url: " + statusCallback);
        }
        return Optional.empty();
    }

    private static Optional<ApiResponse> reject(int code, String message) {
        return Optional.of(TwilioErrors.badRequest(code, message));
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    static String newSid() {
        return "SM" + UUID.randomUUID().toString().replace("-", "");
    }
}
