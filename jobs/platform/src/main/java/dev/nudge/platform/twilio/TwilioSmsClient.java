package dev.nudge.platform.twilio;

import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.rest.api.v2010.account.MessageReader;
import com.twilio.type.PhoneNumber;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The SMS calls Nudge makes, on the real Twilio SDK. Thread-safe (the SDK client is). Every failure surfaces as a
 * {@link TwilioCallException} that says whether trying again can help.
 */
public final class TwilioSmsClient {

    /** Twilio's largest list page: fewest round trips when reading back what was sent. */
    public static final int DEFAULT_LIST_PAGE_SIZE = 1000;

    private static final Pattern MESSAGING_SERVICE_SID = Pattern.compile("MG[0-9a-fA-F]{32}");

    private final TwilioRestClient client;
    private final int listPageSize;

    public TwilioSmsClient(TwilioRestClient client) {
        this(client, DEFAULT_LIST_PAGE_SIZE);
    }

    public TwilioSmsClient(TwilioRestClient client, int listPageSize) {
        if (listPageSize < 1 || listPageSize > 1000) {
            throw new IllegalArgumentException("Twilio pages hold 1..1000 records, not " + listPageSize);
        }
        this.client = Objects.requireNonNull(client, "client");
        this.listPageSize = listPageSize;
    }

    public static TwilioSmsClient create(TwilioSettings settings) {
        return new TwilioSmsClient(TwilioClients.create(settings));
    }

    /**
     * Sends one SMS.
     *
     * @param from a sender number in E.164, or a Messaging Service sid ({@code MG} + 32 hex) to let Twilio pick one
     * @param statusCallback where Twilio posts status changes, or null for none
     * @throws TwilioCallException if Twilio did not accept the message
     */
    public SentMessage send(String from, String to, String body, URI statusCallback) {
        MessageCreator creator = MESSAGING_SERVICE_SID.matcher(from).matches()
                ? Message.creator(new PhoneNumber(to), from, body)
                : Message.creator(new PhoneNumber(to), new PhoneNumber(from), body);
        if (statusCallback != null) {
            creator.setStatusCallback(statusCallback);
        }
        return call("Sending an SMS to " + to, () -> SentMessage.of(creator.create(client)));
    }

    /** The message's current state, or empty if Twilio does not know the sid. */
    public Optional<SentMessage> fetch(String sid) {
        try {
            return Optional.of(call("Fetching message " + sid, () -> SentMessage.of(Message.fetcher(sid).fetch(client))));
        } catch (TwilioCallException e) {
            if (e.httpStatus() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Messages sent to {@code to} with a date_sent in {@code [from, until]}, newest first, read through all pages.
     * Twilio filters at second precision (and documents whole-day filters), so the window is applied again here.
     */
    public List<SentMessage> listSentTo(String to, Instant from, Instant until) {
        MessageReader reader = Message.reader()
                .setTo(new PhoneNumber(to))
                .setDateSentAfter(from.atZone(ZoneOffset.UTC))
                .setDateSentBefore(until.atZone(ZoneOffset.UTC));
        reader.pageSize(listPageSize);
        return call("Listing messages sent to " + to, () -> {
            List<SentMessage> sent = new ArrayList<>();
            for (Message message : reader.read(client)) {
                SentMessage candidate = SentMessage.of(message);
                Instant dateSent = candidate.dateSent();
                if (dateSent != null && !dateSent.isBefore(from) && !dateSent.isAfter(until)) {
                    sent.add(candidate);
                }
            }
            return sent;
        });
    }

    /**
     * Messages to {@code to} created in {@code [from, until]}, whatever their status, newest first. Unlike
     * {@link #listSentTo} this finds a message Twilio holds in its queue, which has no date_sent yet: what a check
     * for a message of unknown fate needs. Twilio lists newest first, so paging stops at the first older message.
     */
    public List<SentMessage> listCreatedTo(String to, Instant from, Instant until) {
        MessageReader reader = Message.reader().setTo(new PhoneNumber(to));
        reader.pageSize(listPageSize);
        return call("Listing messages to " + to, () -> {
            List<SentMessage> created = new ArrayList<>();
            for (Message message : reader.read(client)) {
                SentMessage candidate = SentMessage.of(message);
                Instant dateCreated = candidate.dateCreated();
                if (dateCreated != null && dateCreated.isBefore(from)) {
                    break;
                }
                if (dateCreated == null || !dateCreated.isAfter(until)) {
                    created.add(candidate);
                }
            }
            return created;
        });
    }

    private static <T> T call(String operation, Supplier<T> twilioCall) {
        try {
            return twilioCall.get();
        } catch (TwilioException e) {
            throw TwilioCallException.from(operation, e);
        }
    }
}
