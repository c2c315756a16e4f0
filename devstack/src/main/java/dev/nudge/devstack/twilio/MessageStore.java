package dev.nudge.devstack.twilio;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The fake's messages, in creation order. Every method is synchronized: the store is small and calls are short. */
final class MessageStore {

    /** Twilio lists newest first; messages created in the same second keep creation order, newest first. */
    static final Comparator<FakeMessage> NEWEST_FIRST = Comparator
            .comparing(FakeMessage::dateCreated).reversed()
            .thenComparing(Comparator.comparingLong(FakeMessage::sequence).reversed());

    private final Map<String, FakeMessage> bySid = new LinkedHashMap<>();
    private long nextSequence;

    synchronized long nextSequence() {
        return nextSequence++;
    }

    synchronized void add(FakeMessage message) {
        bySid.put(message.sid(), message);
    }

    synchronized Optional<FakeMessage> get(String sid) {
        return Optional.ofNullable(bySid.get(sid));
    }

    /** Replaces a message by the result of {@code change}; returns the new version, or empty if the sid is unknown. */
    synchronized Optional<FakeMessage> update(String sid, UnaryOperator<FakeMessage> change) {
        return Optional.ofNullable(bySid.computeIfPresent(sid, (key, message) -> change.apply(message)));
    }

    synchronized List<FakeMessage> inCreationOrder() {
        return List.copyOf(bySid.values());
    }

    synchronized List<FakeMessage> newestFirst() {
        List<FakeMessage> messages = new ArrayList<>(bySid.values());
        messages.sort(NEWEST_FIRST);
        return messages;
    }

    synchronized void clear() {
        bySid.clear();
    }
}
