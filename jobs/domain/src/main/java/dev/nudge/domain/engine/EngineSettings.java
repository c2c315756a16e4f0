package dev.nudge.domain.engine;

import dev.nudge.domain.definition.TrackedLinks;
import dev.nudge.domain.policy.ContactCaps;
import dev.nudge.domain.policy.FatiguePolicy;
import dev.nudge.domain.policy.QuietHoursPolicy;

import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/**
 * The engine's tunables, with the defaults documented on {@link #defaults()}.
 *
 * @param quietHours      when texts may go out, per tenant and per US state, in the recipient's local time
 * @param defaultCaps     spacing and frequency caps across all sequences, unless a brand has its own
 * @param capsByBrand     caps per brand id
 * @param fatigue         how ignored texts stretch the spacing or stop a sequence
 * @param defaultZone     the zone used when neither the profile nor the phone number tells one
 * @param zoneByBrand     a brand's home zone, for the same purpose
 * @param retention       how long a quiet customer's state is kept after their last activity
 * @param ownedWindow     how long a bought sku counts as owned (never offered back)
 * @param maxOwned        the most owned skus remembered per customer
 * @param intentTtl       how long after the decision a text may still be sent
 * @param optOutNotice    appended to every text; empty for none
 * @param trackedLinkBase where the webhook service's short links live (e.g. {@code https://ndg.to}): a text's
 *                        {link} becomes a tracked link there ({@code TrackedLinks}); empty sends product links as they are
 * @param trackedLinks    makes the links' keyed tokens; null when links are not tracked
 */
public record EngineSettings(QuietHoursPolicy quietHours, ContactCaps defaultCaps, Map<String, ContactCaps> capsByBrand,
                             FatiguePolicy fatigue, ZoneId defaultZone, Map<String, ZoneId> zoneByBrand,
                             Duration retention, Duration ownedWindow, int maxOwned, Duration intentTtl,
                             String optOutNotice, String trackedLinkBase, TrackedLinks trackedLinks)
        implements Serializable {

    public EngineSettings {
        capsByBrand = Map.copyOf(capsByBrand);
        zoneByBrand = Map.copyOf(zoneByBrand);
        if (!trackedLinkBase.isEmpty() && trackedLinks == null) {
            throw new IllegalArgumentException("a tracked-link base needs the tracked-link secret");
        }
    }

    /**
     * Quiet hours 08:00–21:00 local; the caps and fatigue policy's own defaults; America/New_York when no zone is
     * known; state kept 90 days after the last activity; bought skus count as owned for 180 days (at most 50);
     * texts expire 2 hours after the decision; every text ends with "Reply STOP to opt out."; links are not tracked.
     */
    public static EngineSettings defaults() {
        return new EngineSettings(QuietHoursPolicy.defaults(), ContactCaps.DEFAULTS, Map.of(), FatiguePolicy.DEFAULTS,
                ZoneId.of("America/New_York"), Map.of(), Duration.ofDays(90), Duration.ofDays(180), 50,
                Duration.ofHours(2), "Reply STOP to opt out.", "", null);
    }

    public ContactCaps capsFor(String brandId) {
        return capsByBrand.getOrDefault(brandId, defaultCaps);
    }

    public ZoneId zoneFor(String brandId) {
        return zoneByBrand.getOrDefault(brandId, defaultZone);
    }

    public EngineSettings withRetention(Duration newRetention) {
        return new EngineSettings(quietHours, defaultCaps, capsByBrand, fatigue, defaultZone, zoneByBrand, newRetention,
                ownedWindow, maxOwned, intentTtl, optOutNotice, trackedLinkBase, trackedLinks);
    }

    public EngineSettings withCaps(ContactCaps caps) {
        return new EngineSettings(quietHours, caps, capsByBrand, fatigue, defaultZone, zoneByBrand, retention,
                ownedWindow, maxOwned, intentTtl, optOutNotice, trackedLinkBase, trackedLinks);
    }

    public EngineSettings withFatigue(FatiguePolicy policy) {
        return new EngineSettings(quietHours, defaultCaps, capsByBrand, policy, defaultZone, zoneByBrand, retention,
                ownedWindow, maxOwned, intentTtl, optOutNotice, trackedLinkBase, trackedLinks);
    }

    public EngineSettings withIntentTtl(Duration ttl) {
        return new EngineSettings(quietHours, defaultCaps, capsByBrand, fatigue, defaultZone, zoneByBrand, retention,
                ownedWindow, maxOwned, ttl, optOutNotice, trackedLinkBase, trackedLinks);
    }

    /** Links under {@code base} whose tokens are keyed with {@code secret} (shared with the webhook service). */
    public EngineSettings withTrackedLinks(String base, String secret) {
        return new EngineSettings(quietHours, defaultCaps, capsByBrand, fatigue, defaultZone, zoneByBrand, retention,
                ownedWindow, maxOwned, intentTtl, optOutNotice, base, base.isEmpty() ? null : new TrackedLinks(secret));
    }

    public EngineSettings withQuietHours(QuietHoursPolicy policy) {
        return new EngineSettings(policy, defaultCaps, capsByBrand, fatigue, defaultZone, zoneByBrand, retention,
                ownedWindow, maxOwned, intentTtl, optOutNotice, trackedLinkBase, trackedLinks);
    }
}
