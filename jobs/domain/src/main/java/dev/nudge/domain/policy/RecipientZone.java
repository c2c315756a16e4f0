package dev.nudge.domain.policy;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/** A recipient's time zone and how it was found, so decisions can say why a text waited. */
public record RecipientZone(ZoneId zone, ZoneSource source) {

    public RecipientZone {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(source, "source");
    }

    /**
     * The zone the customer told us (profile) beats the one their number suggests, which beats the brand's
     * default. A profile zone that is blank or not a valid zone id is ignored rather than trusted.
     */
    public static RecipientZone resolve(String profileZone, String phoneE164, ZoneId tenantDefault) {
        Objects.requireNonNull(tenantDefault, "tenantDefault");
        Optional<ZoneId> fromProfile = parse(profileZone);
        if (fromProfile.isPresent()) {
            return new RecipientZone(fromProfile.get(), ZoneSource.PROFILE);
        }
        return PhoneZones.standard().zoneOf(phoneE164)
                .map(zone -> new RecipientZone(zone, ZoneSource.PHONE))
                .orElseGet(() -> new RecipientZone(tenantDefault, ZoneSource.TENANT_DEFAULT));
    }

    private static Optional<ZoneId> parse(String zone) {
        if (zone == null || zone.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(zone.trim()));
        } catch (DateTimeException invalid) {
            return Optional.empty();
        }
    }
}
