package dev.nudge.domain.policy;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which sending window applies to a recipient. Every applicable window narrows the result, so the strictest
 * wins: the default, then the brand's and the location's own windows, then the window of the recipient's US
 * state. A tenant window can therefore only tighten the default, never widen it.
 *
 * @param defaultWindow the window everyone gets (08:00–21:00, the federal TCPA hours)
 * @param stateWindows  stricter windows by two-letter US state (USPS) code
 * @param tenantWindows brand- or location-specific windows
 */
public record QuietHoursPolicy(QuietHours defaultWindow, Map<String, QuietHours> stateWindows,
                               List<TenantWindow> tenantWindows) implements Serializable {

    /**
     * States whose telemarketing laws end the day at 20:00 instead of 21:00 (Florida, Maryland, Oklahoma,
     * Washington). A starting point compiled from the state statutes, not legal advice: have it reviewed. Texas
     * (09:00–21:00, Sunday from noon) has weekday rules this window model does not express.
     */
    public static final Map<String, QuietHours> STATES_ENDING_AT_EIGHT = Map.of(
            "FL", QuietHours.of("08:00", "20:00"),
            "MD", QuietHours.of("08:00", "20:00"),
            "OK", QuietHours.of("08:00", "20:00"),
            "WA", QuietHours.of("08:00", "20:00"));

    public QuietHoursPolicy {
        Objects.requireNonNull(defaultWindow, "defaultWindow");
        Map<String, QuietHours> byState = new HashMap<>();
        stateWindows.forEach((state, window) -> byState.put(normalizeState(state), window));
        stateWindows = Map.copyOf(byState);
        tenantWindows = List.copyOf(tenantWindows);
        rejectCombinationsWithoutAllowedTime(defaultWindow, stateWindows, tenantWindows);
    }

    /** 08:00–21:00 everywhere, 08:00–20:00 in {@link #STATES_ENDING_AT_EIGHT}, no tenant windows. */
    public static QuietHoursPolicy defaults() {
        return new QuietHoursPolicy(QuietHours.DEFAULT, STATES_ENDING_AT_EIGHT, List.of());
    }

    public QuietHoursPolicy withTenantWindow(String brandId, String locationId, QuietHours window) {
        List<TenantWindow> tenants = new ArrayList<>(tenantWindows);
        tenants.add(new TenantWindow(brandId, locationId, window));
        return new QuietHoursPolicy(defaultWindow, stateWindows, tenants);
    }

    public QuietHoursPolicy withStateWindow(String usState, QuietHours window) {
        Map<String, QuietHours> states = new HashMap<>(stateWindows);
        states.put(normalizeState(usState), window);
        return new QuietHoursPolicy(defaultWindow, states, tenantWindows);
    }

    /**
     * The window for one recipient. {@code locationId} and {@code usState} may be null (unknown location, a
     * number outside the US).
     */
    public QuietHours forRecipient(String brandId, String locationId, String usState) {
        QuietHours window = defaultWindow;
        for (TenantWindow tenant : tenantWindows) {
            if (tenant.appliesTo(brandId, locationId)) {
                window = window.intersect(tenant.window());
            }
        }
        QuietHours stateWindow = usState == null ? null : stateWindows.get(normalizeState(usState));
        return stateWindow == null ? window : window.intersect(stateWindow);
    }

    /** Fails at configuration time, not at 3 a.m. for one unlucky recipient, when some windows never overlap. */
    private static void rejectCombinationsWithoutAllowedTime(QuietHours defaultWindow, Map<String, QuietHours> states,
                                                             List<TenantWindow> tenants) {
        List<QuietHours> tenantParts = new ArrayList<>();
        tenantParts.add(defaultWindow);
        for (TenantWindow tenant : tenants) {
            QuietHours part = defaultWindow;
            for (TenantWindow other : tenants) {
                if (other.appliesTo(tenant.brandId(), tenant.locationId())) {
                    part = intersectOrExplain(part, other.window(), tenant.brandId() + "/" + tenant.locationId());
                }
            }
            tenantParts.add(part);
        }
        for (QuietHours part : tenantParts) {
            states.forEach((state, window) -> intersectOrExplain(part, window, "state " + state));
        }
    }

    private static QuietHours intersectOrExplain(QuietHours window, QuietHours narrower, String where) {
        try {
            return window.intersect(narrower);
        } catch (IllegalArgumentException noOverlap) {
            throw new IllegalArgumentException("quiet hours leave no time to send for " + where + ": "
                    + noOverlap.getMessage(), noOverlap);
        }
    }

    private static String normalizeState(String usState) {
        return usState.trim().toUpperCase(Locale.ROOT);
    }
}
