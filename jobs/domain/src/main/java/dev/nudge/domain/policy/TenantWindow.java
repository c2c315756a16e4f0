package dev.nudge.domain.policy;

import java.io.Serializable;
import java.util.Objects;

/** A brand's own sending window, for the whole brand ({@code locationId} null) or for one of its locations. */
public record TenantWindow(String brandId, String locationId, AllowedHours window) implements Serializable {

    public TenantWindow {
        Objects.requireNonNull(brandId, "brandId");
        Objects.requireNonNull(window, "window");
    }

    public boolean appliesTo(String brandId, String locationId) {
        return this.brandId.equals(brandId) && (this.locationId == null || this.locationId.equals(locationId));
    }
}
