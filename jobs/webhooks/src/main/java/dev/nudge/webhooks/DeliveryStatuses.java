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
     * The engagement a callback reports, if it would move the message forward to a final state: DELIVERED,
     * UNDELIVERED or FAILED. Records nothing: call {@link #advance} once the engagement is published, so a callback
     * whose publication failed is not dropped when Twilio posts it again.
     */
    synchronized Optional<EngagementType> reportable(String messageSid, String status) {
        return isAhead(messageSid, status) ? Optional.ofNullable(finalType(status)) : Optional.empty();
    }

    /** Moves the message to {@code status} if that is ahead of where it is; a status at or behind it is ignored. */
    synchronized void advance(String messageSid, String status) {
        if (isAhead(messageSid, status)) {
            rankBySid.put(messageSid, rank(status));
        }
    }

    private boolean isAhead(String messageSid, String status) {
        int rank = rank(status);
        Integer current = rankBySid.get(messageSid);
        return rank >= 0 && (current == null || rank > current);
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
