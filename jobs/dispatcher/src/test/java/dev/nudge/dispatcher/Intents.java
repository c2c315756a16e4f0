package dev.nudge.dispatcher;

import dev.nudge.events.SmsIntent;
import dev.nudge.events.Tenant;
import java.time.Duration;
import java.time.Instant;

/** SmsIntents for tests: due now, valid for an hour, no quiet hours unless asked. */
public final class Intents {

    public static final String BRAND = "acme";
    public static final String SENDER = "+15005550006";

    private Intents() {
    }

    public static SmsIntent.Builder intent(String intentId, String customerId, String phone) {
        Instant now = Instant.now();
        return SmsIntent.newBuilder()
                .setIntentId(intentId)
                .setTenant(new Tenant(BRAND, null))
                .setCustomerId(customerId)
                .setCreatedAt(now)
                .setNotAfter(now.plus(Duration.ofHours(1)))
                .setToPhone(phone)
                .setBody("Hi, a pour-over kit goes well with those beans [" + intentId + "]")
                .setLocale("en-US")
                .setTimeZone("UTC")
                .setQuietStartMinute(0)
                .setQuietEndMinute(0)
                .setSequenceId("after-beans")
                .setSequenceVersion(1)
                .setStep(1)
                .setTriggerId("o-1")
                .setVariant("A");
    }
}
