package dev.nudge.domain.policy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/** The local window a recipient may be texted in, in one time zone they may be in. */
public record ZoneWindow(ZoneId zone, AllowedHours allowed) {

    public ZoneWindow {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(allowed, "allowed");
    }

    public boolean allows(Instant at) {
        return allowed.allows(at, zone);
    }
}
