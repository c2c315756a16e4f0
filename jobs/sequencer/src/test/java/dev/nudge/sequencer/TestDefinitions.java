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
}
