package dev.nudge.domain.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a recipient may be texted, as far as we know where they are: one {@link ZoneWindow} per place they may be
 * in (each zone an area code spans, each zone of the country when nothing is known), and a time is allowed only
 * when every one of them allows it. The first is the recipient's main zone.
 */
public record RecipientWindow(List<ZoneWindow> places) {

    /** How far ahead {@link #nextAllowed} looks before deciding the places never agree (a week and a DST change). */
    static final Duration HORIZON = Duration.ofDays(8);

    public RecipientWindow {
        places = List.copyOf(places);
        if (places.isEmpty()) {
            throw new IllegalArgumentException("a recipient window needs at least one place");
        }
    }

    public ZoneWindow main() {
        return places.get(0);
    }

    public boolean allows(Instant at) {
        return places.stream().allMatch(place -> place.allows(at));
    }

    /**
     * The earliest instant at or after {@code at} that every place allows, or empty when none does within
     * {@link #HORIZON} (windows too narrow for zones too far apart). Each round moves to the next instant one place
     * allows, which never skips an instant all allow, so the first instant that no round moves is the answer.
     */
    public Optional<Instant> nextAllowed(Instant at) {
        Instant limit = at.plus(HORIZON);
        Instant candidate = at;
        while (!candidate.isAfter(limit)) {
            Instant moved = candidate;
            for (ZoneWindow place : places) {
                moved = place.allowed().nextAllowed(moved, place.zone());
            }
            if (moved.equals(candidate)) {
                return Optional.of(candidate);
            }
            candidate = moved;
        }
        return Optional.empty();
    }
}
