package dev.nudge.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of the public edge that need no server: who previews links, what the access log names, parking. */
class PublicEdgeTest {

    @Test
    void knownPreviewAgentsAreRecognisedAndPhonesBrowsersAreNot() {
        assertThat(List.of(
                "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
                "facebookexternalhit/1.1 Facebot Twitterbot/1.0",
                "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
                "Twitterbot/1.0",
                "WhatsApp/2.23.20.0 A",
                "TelegramBot (like TwitterBot)",
                "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
                "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
                "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)"))
                .allSatisfy(agent -> assertThat(LinkPreviews.isPreview(agent)).as(agent).isTrue());
        assertThat(List.of(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                        + "Version/17.0 Mobile/15E148 Safari/604.1",
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile "
                        + "Safari/537.36"))
                .allSatisfy(agent -> assertThat(LinkPreviews.isPreview(agent)).as(agent).isFalse());
        assertThat(LinkPreviews.isPreview(null)).isFalse();
    }

    @Test
    void theAccessLogNamesTheLinkRouteNotItsToken() {
        assertThat(JsonAccessLog.route("/l/Ab3_x-9QzZk")).isEqualTo("/l/{token}");
        assertThat(JsonAccessLog.route("/twilio/inbound")).isEqualTo("/twilio/inbound");
    }

    @Test
    void parkedCallbacksAreReleasedOnceInOrderAndTheOldestIntentsDroppedPastCapacity() {
        ParkedCallbacks parked = new ParkedCallbacks(3);
        assertThat(parked.park(new ParkedCallbacks.Callback("i-1", "SM1", "sent", null))).isZero();
        assertThat(parked.park(new ParkedCallbacks.Callback("i-2", "SM2", "sent", null))).isZero();
        assertThat(parked.park(new ParkedCallbacks.Callback("i-1", "SM1", "delivered", null))).isZero();
        assertThat(parked.park(new ParkedCallbacks.Callback("i-3", "SM3", "failed", "30003"))).isEqualTo(2);

        assertThat(parked.release("i-1")).isEmpty();
        assertThat(parked.release("i-2")).extracting(ParkedCallbacks.Callback::status).containsExactly("sent");
        assertThat(parked.release("i-2")).isEmpty();
        assertThat(parked.release("i-3")).singleElement().satisfies(c -> assertThat(c.errorCode()).isEqualTo("30003"));
    }
}
