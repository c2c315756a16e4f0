package dev.nudge.devstack.twilio;

import java.util.List;

/** How the fake ends a message's life, with the statuses it passes through after {@code queued}. */
public enum DeliveryOutcome {
    DELIVERED(List.of("sent", "delivered"), null, null),
    /** Sent to the carrier but not delivered to the handset (Twilio error 30003). */
    UNDELIVERED(List.of("sent", "undelivered"), 30003, "Unreachable destination handset"),
    /** Never left Twilio (error 30008); Twilio reports no {@code sent} step for such messages. */
    FAILED(List.of("failed"), 30008, "Unknown error");

    private final List<String> statuses;
    private final Integer errorCode;
    private final String errorMessage;

    DeliveryOutcome(List<String> statuses, Integer errorCode, String errorMessage) {
        this.statuses = statuses;
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
    }

    List<String> statuses() {
        return statuses;
    }

    /** The error code carried by the final status, or null when it ends well. */
    Integer errorCode() {
        return errorCode;
    }

    String errorMessage() {
        return errorMessage;
    }

    boolean isFinal(String status) {
        return statuses.get(statuses.size() - 1).equals(status);
    }
}
