package dev.nudge.domain.policy;

import java.time.ZoneId;
import java.util.Objects;

/**
 * One place a phone number may be registered in, as far as its prefix tells.
 *
 * @param country ISO 3166 alpha-2 code ("US", "CA", "GB", ...)
 * @param region  US state or territory (USPS code) or Canadian province; null elsewhere
 * @param zone    the time zone of the area; a prefix spanning several zones has one region per zone
 */
public record PhoneRegion(String country, String region, ZoneId zone) {

    public PhoneRegion {
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(zone, "zone");
    }

    /** The USPS state or territory code when the number is a US one, else null. */
    public String usState() {
        return "US".equals(country) ? region : null;
    }
}
