package dev.nudge.domain.definition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reasons found while reading a document, plus the paths that could not be read. A rule reason about an unread
 * path would only repeat the reading error ("required" after "not a duration"), so it is dropped.
 */
final class Problems {

    private final List<Reason> reasons = new ArrayList<>();
    private final Set<String> unread = new HashSet<>();

    void reject(String path, String message) {
        reasons.add(new Reason(path, message));
        unread.add(path);
    }

    /** A path whose value is missing for a reason already given elsewhere. */
    void markUnread(String path) {
        unread.add(path);
    }

    boolean alreadyExplains(Reason reason) {
        return unread.stream().anyMatch(reason::isWithin);
    }

    List<Reason> reasons() {
        return reasons;
    }
}
