package dev.nudge.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything that shapes one simulated retailer. The same config gives the same event stream, byte for byte.
 *
 * @param seed                   the one source of randomness; default 42
 * @param brandId                the tenant's brand; default {@code acme-coffee}
 * @param locations              how many physical stores the brand has (1–3); default 3
 * @param customers              how many customers; default 2,000
 * @param start                  the first instant simulated; default 2025-11-01T00:00:00Z, so the holiday blend
 *                               comes into season half-way through a month's run
 * @param days                   how many days are simulated; default 30
 * @param purchaseRate           spontaneous orders per customer per 30 days, for a customer of average activity;
 *                               replenishment re-buys and membership renewals come on top; default 1.0
 * @param browseRate             browse-only sessions (no order in the session) per customer per 30 days, average
 *                               activity; default 3.0
 * @param activitySkew           the Zipf exponent of customer activity: 0 makes everyone alike, 1 is steep;
 *                               default 0.8 (the top tenth of customers place about half the orders)
 * @param consentShare           share of customers who agree to texts when they sign up; default 0.75
 * @param profileTimeZoneShare   share of customers whose profile carries a time zone; the others only have a
 *                               phone number to derive it from; default 0.6
 * @param newCustomerShare       share of customers who sign up during the run rather than exist at its start;
 *                               default 0.15
 * @param memberShare            share of existing customers who hold a coffee-club membership; default 0.12
 * @param promoDays              how many days of the run are promotion days with a burst of activity; default 2
 * @param promoBoost             how much busier a promotion day is; default 2.5
 * @param locales                the customers' locales and their shares; default en-US 85%, es-US 15%
 */
public record SimulationConfig(
        long seed,
        String brandId,
        int locations,
        int customers,
        Instant start,
        int days,
        double purchaseRate,
        double browseRate,
        double activitySkew,
        double consentShare,
        double profileTimeZoneShare,
        double newCustomerShare,
        double memberShare,
        int promoDays,
        double promoBoost,
        List<LocaleShare> locales) {

    /** Where the physical stores are; the first {@link #locations} are used. */
    static final List<String> LOCATION_IDS = List.of("downtown", "riverside", "uptown");

    /** A locale and the share of customers who use it. */
    public record LocaleShare(String locale, double share) {
        public LocaleShare {
            Objects.requireNonNull(locale, "locale");
            if (share < 0) {
                throw new IllegalArgumentException("a locale share cannot be negative: " + share);
            }
        }
    }

    public SimulationConfig {
        Objects.requireNonNull(brandId, "brandId");
        Objects.requireNonNull(start, "start");
        locales = List.copyOf(locales);
        if (locations < 1 || locations > LOCATION_IDS.size()) {
            throw new IllegalArgumentException("locations must be 1 to " + LOCATION_IDS.size() + ", not " + locations);
        }
        if (customers < 1) {
            throw new IllegalArgumentException("customers must be at least 1, not " + customers);
        }
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1, not " + days);
        }
        if (promoDays < 0 || promoDays > days) {
            throw new IllegalArgumentException("promoDays must be 0 to days, not " + promoDays);
        }
        if (purchaseRate < 0 || browseRate < 0 || activitySkew < 0 || promoBoost < 1) {
            throw new IllegalArgumentException("rates and skew must not be negative, promoBoost at least 1");
        }
        for (double share : new double[] {consentShare, profileTimeZoneShare, newCustomerShare, memberShare}) {
            if (share < 0 || share > 1) {
                throw new IllegalArgumentException("shares must lie in [0, 1], not " + share);
            }
        }
        if (locales.isEmpty() || locales.stream().mapToDouble(LocaleShare::share).sum() <= 0) {
            throw new IllegalArgumentException("at least one locale with a positive share is needed");
        }
    }

    public static SimulationConfig defaults() {
        return new SimulationConfig(42L, "acme-coffee", 3, 2_000, Instant.parse("2025-11-01T00:00:00Z"), 30,
                1.0, 3.0, 0.8, 0.75, 0.6, 0.15, 0.12, 2, 2.5,
                List.of(new LocaleShare("en-US", 0.85), new LocaleShare("es-US", 0.15)));
    }

    public Instant end() {
        return start.plus(Duration.ofDays(days));
    }

    public List<String> locationIds() {
        return LOCATION_IDS.subList(0, locations);
    }

    public SimulationConfig withSeed(long seed) {
        return new SimulationConfig(seed, brandId, locations, customers, start, days, purchaseRate, browseRate,
                activitySkew, consentShare, profileTimeZoneShare, newCustomerShare, memberShare, promoDays,
                promoBoost, locales);
    }

    public SimulationConfig withCustomers(int customers) {
        return new SimulationConfig(seed, brandId, locations, customers, start, days, purchaseRate, browseRate,
                activitySkew, consentShare, profileTimeZoneShare, newCustomerShare, memberShare, promoDays,
                promoBoost, locales);
    }

    public SimulationConfig withDays(int days) {
        return new SimulationConfig(seed, brandId, locations, customers, start, days, purchaseRate, browseRate,
                activitySkew, consentShare, profileTimeZoneShare, newCustomerShare, memberShare,
                Math.min(promoDays, days), promoBoost, locales);
    }

    public SimulationConfig withStart(Instant start) {
        return new SimulationConfig(seed, brandId, locations, customers, start, days, purchaseRate, browseRate,
                activitySkew, consentShare, profileTimeZoneShare, newCustomerShare, memberShare, promoDays,
                promoBoost, locales);
    }

    public SimulationConfig withBrandId(String brandId) {
        return new SimulationConfig(seed, brandId, locations, customers, start, days, purchaseRate, browseRate,
                activitySkew, consentShare, profileTimeZoneShare, newCustomerShare, memberShare, promoDays,
                promoBoost, locales);
    }

    public SimulationConfig withRates(double purchaseRate, double browseRate) {
        return new SimulationConfig(seed, brandId, locations, customers, start, days, purchaseRate, browseRate,
                activitySkew, consentShare, profileTimeZoneShare, newCustomerShare, memberShare, promoDays,
                promoBoost, locales);
    }
}
