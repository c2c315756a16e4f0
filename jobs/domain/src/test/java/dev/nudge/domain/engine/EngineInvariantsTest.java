package dev.nudge.domain.engine;

import dev.nudge.domain.policy.ContactCaps;
import dev.nudge.domain.policy.AllowedHours;
import dev.nudge.domain.policy.QuietHoursPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of random customer histories (see {@link RandomCustomer}) through the engine, each call checked by an
 * {@link InvariantChecker}; at the end the clock runs on until every customer's behaviour (runs, timers) must be
 * forgotten, while who they are and their consent stay until an erasure. The seed is
 * fixed so a failure names a customer that can be replayed alone ({@code -Dnudge.invariants.only=c-123}).
 */
class EngineInvariantsTest {

    private static final long SEED = 20_260_602L;
    private static final int CUSTOMERS = 3_000;
    private static final int VIOLATIONS_SHOWN = 25;
    /** Long enough for the longest replenishment (60 days × 3) plus its steps, the retention and the caps window. */
    private static final Duration RUN_OUT = Duration.ofDays(400);

    /**
     * Short retention, so behaviour is forgotten and rebuilt within the histories; tight caps with a subject cap, and
     * a second brand with caps, a home zone and a store window of its own.
     */
    static final EngineSettings SETTINGS = withSecondBrand(EngineSettings.defaults()
            .withRetention(Duration.ofDays(7))
            .withCaps(new ContactCaps(Duration.ofHours(3), 2, 5, 1))
            .withQuietHours(QuietHoursPolicy.defaults()
                    .withTenantWindow(EngineDriver.BRAND, "store-2", AllowedHours.of("09:00", "20:00"))
                    .withTenantWindow("roastery", "store-1", AllowedHours.of("10:00", "19:00"))));

    private static EngineSettings withSecondBrand(EngineSettings s) {
        return new EngineSettings(s.quietHours(), s.defaultCaps(),
                Map.of("roastery", new ContactCaps(Duration.ofHours(6), 1, 3, null)), s.fatigue(), s.defaultZone(),
                Map.of("roastery", ZoneId.of("America/Los_Angeles")), s.retention(), s.ownedWindow(), s.maxOwned(),
                s.intentTtl(), s.optOutNotice(), s.trackedLinkBase(), s.trackedLinks());
    }

    @Test
    void randomHistoriesNeverBreakTheRulesAndLeaveNoBehaviourBehind() {
        List<String> violations = new ArrayList<>();
        Set<String> intentIds = new HashSet<>();
        InvariantChecker.Figures figures = new InvariantChecker.Figures();
        String only = System.getProperty("nudge.invariants.only");
        for (int index = 0; index < CUSTOMERS; index++) {
            String customer = "c-" + index;
            if (only != null && !only.equals(customer)) {
                continue;
            }
            RandomCustomer history = new RandomCustomer(new Random(SEED + index));
            EngineDriver driver = history.driver(SETTINGS, customer);
            driver.onCall(new InvariantChecker(driver, SETTINGS, customer, violations, intentIds, figures)::check);
            history.play(driver, RUN_OUT);
            figures.count("customers");
            figures.count("customers of " + driver.brand());
            if (driver.state() != null && (!driver.state().active.isEmpty() || driver.timer() != null)) {
                violations.add(customer + ": behaviour left behind, active " + driver.state().active.size()
                        + ", next wake-up " + driver.timer());
            }
        }
        System.out.println("Engine invariants over " + CUSTOMERS + " random customers (seed " + SEED + "):\n" + figures);

        assertThat(violations)
                .withFailMessage(() -> violations.size() + " violations, the first ones:\n"
                        + String.join("\n", violations.subList(0, Math.min(VIOLATIONS_SHOWN, violations.size()))))
                .isEmpty();
        assertThat(figures.get("texts")).as("texts sent").isGreaterThan(CUSTOMERS);
        assertThat(figures.get("behaviour forgotten")).as("behaviour forgotten").isGreaterThanOrEqualTo(CUSTOMERS / 2);
        assertThat(figures.get("customers erased")).as("customers erased").isPositive();
    }
}
