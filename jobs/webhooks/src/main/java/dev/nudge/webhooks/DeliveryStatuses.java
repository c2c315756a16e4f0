package dev.nudge.webhooks;

import dev.nudge.events.EngagementType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps each message's status moving forward only (queued → sending → sent → delivered | undelivered | failed),
 * whatever order Twilio's callbacks arrive in, and drops repeats. Remembers the last {@code capacity} messages.
 * Thread-safe.
 */
final class DeliveryStatuses {

    private final Map<String, Integer> rankBySid;

    DeliveryStatuses(int capacity) {
        this.rankBySid = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The engagement a callback reports, if it moves the message forward to a final state: DELIVERED, UNDELIVERED or
     * FAILED. Earlier statuses only advance the message; a status at or behind the current one is dropped.
     */
    synchronized Optional<EngagementType> advance(String messageSid, String status) {
        int rank = rank(status);
        Integer current = rankBySid.get(messageSid);
        if (rank < 0 || (current != null && rank <= current)) {
            return Optional.empty();
        }
        rankBySid.put(messageSid, rank);
        return Optional.ofNullable(finalType(status));
    }

    private static int rank(String status) {
        return switch (status == null ? "" : status.toLowerCase(Locale.ROOT)) {
            case "accepted", "scheduled", "queued" -> 0;
            case "sending" -> 1;
            case "sent" -> 2;
            case "delivered", "undelivered", "failed" -> 3;
            case "read" -> 4;
            default -> -1;
        };
    }

    private static EngagementType finalType(String status) {
        return switch (status.toLowerCase(Locale.ROOT)) {
            case "delivered" -> EngagementType.DELIVERED;
            case "undelivered" -> EngagementType.UNDELIVERED;
            case "failed" -> EngagementType.FAILED;
            default -> null;
        };
    }
}
