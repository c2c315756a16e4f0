package dev.nudge.platform.twilio;

import com.twilio.rest.api.v2010.account.Message;
import java.time.Instant;
import java.time.ZonedDateTime;

/**
 * A message as Twilio reports it, without SDK types.
 *
 * @param status Twilio's status word: queued, sent, delivered, undelivered, failed, ...
 * @param from null while Twilio has not yet picked a sender for a Messaging Service send
 * @param messagingServiceSid null when sent from a plain number
 * @param dateCreated Twilio's timestamps, second precision; null when Twilio leaves them empty
 * @param errorCode Twilio's delivery error code once undelivered or failed, else null
 */
public record SentMessage(
        String sid,
        String status,
        String to,
        String from,
        String messagingServiceSid,
        String body,
        Instant dateCreated,
        Instant dateSent,
        Integer errorCode,
        String errorMessage) {

    static SentMessage of(Message message) {
        return new SentMessage(
                message.getSid(),
                message.getStatus() == null ? null : message.getStatus().toString(),
                message.getTo(),
                message.getFrom() == null ? null : message.getFrom().toString(),
                message.getMessagingServiceSid(),
                message.getBody(),
                instant(message.getDateCreated()),
                instant(message.getDateSent()),
                message.getErrorCode(),
                message.getErrorMessage());
    }

    private static Instant instant(ZonedDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
