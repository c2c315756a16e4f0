package dev.nudge.sequencer;

/** Small sequence definitions whose every rule the tests control (no holdout unless asked). */
public final class TestDefinitions {

    private TestDefinitions() {}

    /** Coffee checkout: a complement two days later, an add-on three days after that. */
    public static String coffeeCheckout(int version, String firstDelay) {
        return coffeeCheckout(version, firstDelay, "One more idea, {firstName}: {productName} ({price}) keeps beans fresh: {link}");
    }

    static String coffeeCheckout(int version, String firstDelay, String secondText) {
        return """
                id: coffee-followup
                version: %d
                status: LIVE
                brandId: demo-roasters
                priority: 50
                subject: coffee
                trigger: {type: CHECKOUT, categories: [coffee]}
                steps:
                  - delay: {after: %s}
                    offer: COMPLEMENT
                    templates:
                      en-US: "Hi {firstName}, many customers brew it with {productName} ({price}): {link}"
                  - delay: {after: P3D}
                    offer: ADD_ON
                    templates:
                      en-US: "%s"
                exits: [ANY_PURCHASE, REPLY]
                reentry: {policy: AFTER_COMPLETION}
                holdoutPercent: 0
                onNewVersion: MOVE_TO_NEW
                defaultLocale: en-US
                """.formatted(version, firstDelay, secondText);
    }

    /**
     * A version of the coffee sequence that turns it into a refill reminder and moves runs already under way onto
     * itself: their second step now needs a run-out time that a checkout run never had.
     */
    static String coffeeTurnedRefill(int version) {
        return """
                id: coffee-followup
                version: %d
                status: LIVE
                brandId: demo-roasters
                priority: 50
                subject: coffee
                trigger: {type: REPLENISHMENT_DUE, daysBefore: 5}
                steps:
                  - delay: {after: P2D}
                    offer: COMPLEMENT
                    templates:
                      en-US: "Hi {firstName}, many customers brew it with {productName} ({price}): {link}"
                  - delay: {beforeRunOut: P5D}
                    offer: ADD_ON
                    templates:
                      en-US: "Refill time, {firstName}: {productName} ({price}) keeps beans fresh: {link}"
                exits: [ANY_PURCHASE, REPLY]
                reentry: {policy: AFTER_COMPLETION}
                holdoutPercent: 0
                onNewVersion: MOVE_TO_NEW
                defaultLocale: en-US
                """.formatted(version);
    }
}
