package dev.nudge.devstack.twilio;

import java.time.Instant;

/**
 * One message as the fake stores it. Immutable: status changes replace the record in the store.
 *
 * @param from null for a message sent through a Messaging Service until the fake assigns a sender
 * @param messagingServiceSid null when the message was sent from a plain number
 * @param errorCode Twilio's delivery error code once the message failed or was undelivered, else null
 * @param statusCallback the StatusCallback URL given at creation, or null
 * @param sequence creation order; breaks ties between messages created in the same second
 */
public record FakeMessage(
        String sid,
        String accountSid,
        String to,
        String from,
        String messagingServiceSid,
        String body,
        String status,
        Integer errorCode,
        String errorMessage,
        String statusCallback,
        Instant dateCreated,
        Instant dateUpdated,
        Instant dateSent,
        long sequence) {

    FakeMessage withStatus(String newStatus, Integer newErrorCode, String newErrorMessage, Instant at) {
        return new FakeMessage(sid, accountSid, to, from, messagingServiceSid, body, newStatus, newErrorCode,
                newErrorMessage, statusCallback, dateCreated, at, dateSent, sequence);
    }

    FakeMessage withDateSent(Instant at) {
        return new FakeMessage(sid, accountSid, to, from, messagingServiceSid, body, status, errorCode, errorMessage,
                statusCallback, dateCreated, dateUpdated, at, sequence);
    }

    FakeMessage withFrom(String sender) {
        return new FakeMessage(sid, accountSid, to, sender, messagingServiceSid, body, status, errorCode,
                errorMessage, statusCallback, dateCreated, dateUpdated, dateSent, sequence);
    }
}
