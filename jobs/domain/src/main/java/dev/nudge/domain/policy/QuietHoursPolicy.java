package dev.nudge.domain.policy;

import java.io.Serializable;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
public record QuietHoursPolicy(AllowedHours defaultWindow, Map<String, AllowedHours> stateWindows,
                               List<TenantWindow> tenantWindows) implements Serializable {

    /**
     * States whose telemarketing laws allow fewer hours than the federal 08:00–21:00, on weekdays, as public
     * compilations of the state statutes list them (dropcowboy.com/state-compliance, November 2025;
     * blog.clickpointsoftware.com telemarketing-calling-hours-by-state, July 2025). A starting point, not legal
     * advice: have it reviewed. Day-of-week and holiday rules (no Sunday texts in Alabama, Louisiana, Mississippi
     * and Rhode Island; Texas from noon on Sundays; Rhode Island 10:00–17:00 on Saturdays) are not expressed by
     * this window model.
     */
    public static final Map<String, AllowedHours> STATE_HOURS = Map.ofEntries(
            Map.entry("AL", AllowedHours.of("08:00", "20:00")),
            Map.entry("CT", AllowedHours.of("09:00", "20:00")),
            Map.entry("FL", AllowedHours.of("08:00", "20:00")),
            Map.entry("KY", AllowedHours.of("10:00", "21:00")),
            Map.entry("LA", AllowedHours.of("08:00", "20:00")),
            Map.entry("MA", AllowedHours.of("08:00", "20:00")),
            Map.entry("MD", AllowedHours.of("08:00", "20:00")),
            Map.entry("MI", AllowedHours.of("09:00", "21:00")),
            Map.entry("MN", AllowedHours.of("09:00", "21:00")),
            Map.entry("MS", AllowedHours.of("08:00", "20:00")),
            Map.entry("NM", AllowedHours.of("09:00", "21:00")),
            Map.entry("NV", AllowedHours.of("09:00", "20:00")),
            Map.entry("OK", AllowedHours.of("08:00", "20:00")),
            Map.entry("RI", AllowedHours.of("09:00", "18:00")),
            Map.entry("TX", AllowedHours.of("09:00", "21:00")),
            Map.entry("WA", AllowedHours.of("08:00", "20:00")));

    public QuietHoursPolicy {
        Objects.requireNonNull(defaultWindow, "defaultWindow");
        Map<String, AllowedHours> byState = new HashMap<>();
        stateWindows.forEach((state, window) -> byState.put(normalizeState(state), window));
        stateWindows = Map.copyOf(byState);
        tenantWindows = List.copyOf(tenantWindows);
        rejectCombinationsWithoutAllowedTime(defaultWindow, stateWindows, tenantWindows);
    }

    /** 08:00–21:00 everywhere, the {@link #STATE_HOURS} in their states, no tenant windows. */
    public static QuietHoursPolicy defaults() {
        return new QuietHoursPolicy(AllowedHours.DEFAULT, STATE_HOURS, List.of());
    }

    public QuietHoursPolicy withTenantWindow(String brandId, String locationId, AllowedHours window) {
        List<TenantWindow> tenants = new ArrayList<>(tenantWindows);
        tenants.add(new TenantWindow(brandId, locationId, window));
        return new QuietHoursPolicy(defaultWindow, stateWindows, tenants);
    }

    public QuietHoursPolicy withStateWindow(String usState, AllowedHours window) {
        Map<String, AllowedHours> states = new HashMap<>(stateWindows);
        states.put(normalizeState(usState), window);
        return new QuietHoursPolicy(defaultWindow, states, tenantWindows);
    }

    /**
     * The window for one recipient. {@code locationId} and {@code usState} may be null (unknown location, a
     * number outside the US).
     */
    public AllowedHours forRecipient(String brandId, String locationId, String usState) {
        AllowedHours window = defaultWindow;
        for (TenantWindow tenant : tenantWindows) {
            if (tenant.appliesTo(brandId, locationId)) {
                window = window.intersect(tenant.window());
            }
        }
        AllowedHours stateWindow = usState == null ? null : stateWindows.get(normalizeState(usState));
        return stateWindow == null ? window : window.intersect(stateWindow);
    }

    /**
     * The resolver of quiet hours, for the engine and, through the intent, the dispatcher: every place the
     * recipient may be in, each with its window, so that a text goes only when it is allowed in all of them.
     * <ul>
     *   <li>a zone in the profile (what the customer told us) is the one zone;</li>
     *   <li>otherwise every zone the phone number's prefix spans (812: Indianapolis and Chicago time);</li>
     *   <li>otherwise (unknown number) every place of the brand's country, the country of its home zone
     *       {@code brandZone}, each under its own state's hours: the strictest window of that country.</li>
     * </ul>
     * The hours of every state the number may be in apply whatever the zone (state laws presume a number of one
     * of their area codes is a resident's).
     */
    public RecipientWindow windowFor(String brandId, String locationId, String profileZone, String phoneE164,
                                     ZoneId brandZone) {
        RecipientZone main = RecipientZone.resolve(profileZone, phoneE164, brandZone);
        List<PhoneRegion> numberPlaces = PhoneZones.standard().regionsOf(phoneE164);
        List<ZoneWindow> places = new ArrayList<>();
        switch (main.source()) {
            case PROFILE -> {
                AllowedHours window = forRecipient(brandId, locationId, null);
                for (PhoneRegion place : numberPlaces) {
                    window = intersectOrExplain(window, forRecipient(brandId, locationId, place.usState()),
                            "the states of " + phoneE164);
                }
                places.add(new ZoneWindow(main.zone(), window));
            }
            case PHONE -> numberPlaces.forEach(place ->
                    places.add(new ZoneWindow(place.zone(), forRecipient(brandId, locationId, place.usState()))));
            case TENANT_DEFAULT -> {
                places.add(new ZoneWindow(brandZone, forRecipient(brandId, locationId, null)));
                PhoneZones.standard().countryOf(brandZone).map(PhoneZones.standard()::regionsIn).orElse(List.of())
                        .forEach(place -> places.add(
                                new ZoneWindow(place.zone(), forRecipient(brandId, locationId, place.usState()))));
            }
        }
        return new RecipientWindow(mergedByZone(places));
    }

    /**
     * One place per zone, under the intersection of its windows (the intersection keeps to both, see
     * {@link AllowedHours#intersect}); a window that does not overlap the others of its zone stays apart, so the
     * recipient then has no time at all rather than a wrong one.
     */
    private static List<ZoneWindow> mergedByZone(List<ZoneWindow> places) {
        Map<ZoneId, AllowedHours> byZone = new LinkedHashMap<>();
        List<ZoneWindow> apart = new ArrayList<>();
        for (ZoneWindow place : places) {
            AllowedHours merged = byZone.get(place.zone());
            try {
                byZone.put(place.zone(), merged == null ? place.allowed() : merged.intersect(place.allowed()));
            } catch (IllegalArgumentException noOverlap) {
                apart.add(place);
            }
        }
        List<ZoneWindow> merged = new ArrayList<>();
        byZone.forEach((zone, window) -> merged.add(new ZoneWindow(zone, window)));
        merged.addAll(apart);
        return merged;
    }

    /** Fails at configuration time, not at 3 a.m. for one unlucky recipient, when some windows never overlap. */
    private static void rejectCombinationsWithoutAllowedTime(AllowedHours defaultWindow, Map<String, AllowedHours> states,
                                                             List<TenantWindow> tenants) {
        List<AllowedHours> tenantParts = new ArrayList<>();
        tenantParts.add(defaultWindow);
        for (TenantWindow tenant : tenants) {
            AllowedHours part = defaultWindow;
            for (TenantWindow other : tenants) {
                if (other.appliesTo(tenant.brandId(), tenant.locationId())) {
                    part = intersectOrExplain(part, other.window(), tenant.brandId() + "/" + tenant.locationId());
                }
            }
            tenantParts.add(part);
        }
        for (AllowedHours part : tenantParts) {
            states.forEach((state, window) -> intersectOrExplain(part, window, "state " + state));
        }
    }

    private static AllowedHours intersectOrExplain(AllowedHours window, AllowedHours narrower, String where) {
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
