package dev.nudge.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signature checks against Twilio's published example and the URL forms Twilio may sign. */
class WebhookSecurityTest {

    /** From Twilio's documentation of webhook security (RequestValidator). */
    private static final Map<String, String> DOC_PARAMS = Map.of("CallSid", "CA1234567890ABCDE",
            "Caller", "+14158675310", "Digits", "1234", "From", "+14158675310", "To", "+18005551212");
    private static final String DOC_SIGNATURE = "GvWf1cFY/Q7PnoempGyD5oXAezc=";

    @Test
    void acceptsTwiliosPublishedExample() {
        TwilioRequestAuth auth = new TwilioRequestAuth("12345", URI.create("https://mycompany.com"));
        assertThat(auth.isSigned("/myapp.php?foo=1&bar=2", DOC_PARAMS, DOC_SIGNATURE)).isTrue();
        // Configured with the explicit default port, the portless form Twilio signed still matches.
        assertThat(new TwilioRequestAuth("12345", URI.create("https://mycompany.com:443"))
                .isSigned("/myapp.php?foo=1&bar=2", DOC_PARAMS, DOC_SIGNATURE)).isTrue();
    }

    @Test
    void refusesATamperedParameterAWrongTokenAndAnotherUrl() {
        TwilioRequestAuth auth = new TwilioRequestAuth("12345", URI.create("https://mycompany.com"));
        var tampered = new java.util.HashMap<>(DOC_PARAMS);
        tampered.put("Digits", "1235");
        assertThat(auth.isSigned("/myapp.php?foo=1&bar=2", tampered, DOC_SIGNATURE)).isFalse();
        assertThat(new TwilioRequestAuth("54321", URI.create("https://mycompany.com"))
                .isSigned("/myapp.php?foo=1&bar=2", DOC_PARAMS, DOC_SIGNATURE)).isFalse();
        assertThat(auth.isSigned("/myapp.php?foo=1&bar=3", DOC_PARAMS, DOC_SIGNATURE)).isFalse();
        // The SDK's validator also tries the URL with its port removed (Twilio may sign either) ...
        assertThat(new TwilioRequestAuth("12345", URI.create("https://mycompany.com:8443"))
                .isSigned("/myapp.php?foo=1&bar=2", DOC_PARAMS, DOC_SIGNATURE)).isTrue();
        // ... but another host, scheme or base path is another URL.
        assertThat(new TwilioRequestAuth("12345", URI.create("https://hooks.mycompany.com"))
                .isSigned("/myapp.php?foo=1&bar=2", DOC_PARAMS, DOC_SIGNATURE)).isFalse();
        assertThat(new TwilioRequestAuth("12345", URI.create("https://mycompany.com/base"))
                .isSigned("/myapp.php?foo=1&bar=2", DOC_PARAMS, DOC_SIGNATURE)).isFalse();
        assertThat(new TwilioRequestAuth("12345", URI.create("http://mycompany.com"))
                .isSigned("/myapp.php?foo=1&bar=2", DOC_PARAMS, DOC_SIGNATURE)).isFalse();
        assertThat(auth.isSigned("/myapp.php?foo=1&bar=2", DOC_PARAMS, null)).isFalse();
    }

    @Test
    void statusesOnlyMoveForwardAndRepeatsAreDropped() {
        DeliveryStatuses statuses = new DeliveryStatuses(100);
        assertThat(report(statuses, "SM1", "delivered")).hasValueSatisfying(t -> assertThat(t.name()).isEqualTo("DELIVERED"));
        assertThat(report(statuses, "SM1", "sent")).isEmpty();
        assertThat(report(statuses, "SM1", "delivered")).isEmpty();
        assertThat(report(statuses, "SM1", "undelivered")).isEmpty();
        assertThat(report(statuses, "SM2", "queued")).isEmpty();
        assertThat(report(statuses, "SM2", "sent")).isEmpty();
        assertThat(report(statuses, "SM2", "failed")).hasValueSatisfying(t -> assertThat(t.name()).isEqualTo("FAILED"));
    }

    @Test
    void aStatusNotRecordedAfterAFailedPublicationIsReportedAgain() {
        DeliveryStatuses statuses = new DeliveryStatuses(100);
        assertThat(statuses.reportable("SM3", "delivered")).isPresent();
        assertThat(statuses.reportable("SM3", "delivered")).isPresent();
        statuses.advance("SM3", "delivered");
        assertThat(statuses.reportable("SM3", "delivered")).isEmpty();
    }

    /** What the server does with a callback: report, then record. */
    private static java.util.Optional<dev.nudge.events.EngagementType> report(DeliveryStatuses statuses, String sid,
            String status) {
        var type = statuses.reportable(sid, status);
        statuses.advance(sid, status);
        return type;
    }
}
