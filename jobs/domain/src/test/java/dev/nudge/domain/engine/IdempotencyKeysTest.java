package dev.nudge.domain.engine;

import static dev.nudge.domain.engine.CustomerEngineTest.definition;
import static dev.nudge.domain.engine.CustomerEngineTest.ny;
import static dev.nudge.domain.engine.EngineDriver.line;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Idempotency keys (intent ids) and decision ids: one per distinct thing, whatever characters the ids carry and
 * wherever the order was placed, and the same on every replay of the same input, however late the engine runs.
 */
class IdempotencyKeysTest {

    private static final String CHECKOUT_AGAIN_AFTER_COMPLETION = """
            trigger: {type: CHECKOUT, categories: [coffee], minOrderTotalMinor: 1500}
            steps:
              - delay: {after: P2D}
                templates:
                  en-US: "Hi {firstName}, how are the beans?"
            reentry: {policy: AFTER_COMPLETION}
            """;
    private static final String NY_PHONE = "+12125550100";

    @Test
    void theSameOrderNumberAtTwoLocationsIsTwoOrdersWithTwoTexts() {
        EngineDriver driver = driver("c-1").atLocation("store-a");
        driver.advanceTo(ny("2026-06-02T12:00"));
        driver.purchase("1001", line("BEANS", "coffee", 1, 1800));
        driver.advanceTo(ny("2026-06-05T12:00"));
        driver.atLocation("store-b").purchase("1001", line("BEANS", "coffee", 1, 1800));
        driver.advanceTo(ny("2026-06-08T12:00"));

        assertThat(driver.texts()).hasSize(2);
        assertThat(driver.texts().get(0).intentId()).isNotEqualTo(driver.texts().get(1).intentId());
    }

    @Test
    void separatorsInsideIdsCannotMakeTwoTextsShareAKey() {
        // "c" with order "checkout@1:0:x" and "c:checkout@1:0" with order "x": the same parts once joined by ':'.
        EngineDriver first = driver("c");
        first.advanceTo(ny("2026-06-02T12:00"));
        first.purchase("checkout@1:0:x", line("BEANS", "coffee", 1, 1800));
        first.advanceTo(ny("2026-06-05T12:00"));
        EngineDriver second = driver("c:checkout@1:0");
        second.advanceTo(ny("2026-06-02T12:00"));
        second.purchase("x", line("BEANS", "coffee", 1, 1800));
        second.advanceTo(ny("2026-06-05T12:00"));

        assertThat(first.texts()).hasSize(1);
        assertThat(second.texts()).hasSize(1);
        assertThat(first.texts().get(0).intentId()).isNotEqualTo(second.texts().get(0).intentId());
    }

    @Test
    void aReplayRunLaterByTheWallClockMakesTheSameDecisionIds() {
        List<String> onTime = decisionIdsWhenTheEngineRuns(Duration.ZERO);
        List<String> late = decisionIdsWhenTheEngineRuns(Duration.ofMinutes(7));

        assertThat(onTime).hasSizeGreaterThanOrEqualTo(2); // ENTERED and SENT at least
        assertThat(late).containsExactlyElementsOf(onTime);
    }

    /** The same order, seen {@code lag} after it happened (processing time), and its timer firing as late. */
    private static List<String> decisionIdsWhenTheEngineRuns(Duration lag) {
        EngineDriver driver = driver("c-2").timersLate(() -> lag);
        Instant ordered = ny("2026-06-02T12:00");
        driver.advanceTo(ordered.plus(lag));
        driver.purchaseAt(ordered, "2002", line("BEANS", "coffee", 1, 1800));
        driver.advanceTo(ny("2026-06-05T12:00"));
        assertThat(driver.texts()).hasSize(1);
        return driver.decisions().stream().map(DecisionRecord::decisionId).toList();
    }

    private static EngineDriver driver(String customerId) {
        EngineDriver driver = new EngineDriver(EngineSettings.defaults(), customerId, ny("2026-06-02T09:00"));
        driver.catalog().put(MutableCatalog.item("BEANS", "coffee", 1800));
        driver.publish(definition("checkout", CHECKOUT_AGAIN_AFTER_COMPLETION));
        driver.grantConsent(NY_PHONE);
        return driver;
    }
}
