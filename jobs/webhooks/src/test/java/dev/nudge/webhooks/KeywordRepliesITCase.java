package dev.nudge.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.devstack.kafka.KafkaExtension;
import dev.nudge.devstack.twilio.TwilioFake;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HELP, STOP and START answers per brand, over signed HTTP like Twilio's. */
class KeywordRepliesITCase {

    private static final String TOKEN = TwilioFake.DEV_AUTH_TOKEN;
    private static final String ACME_SENDER = "+15005550006";
    private static final String TEA_SENDER = "+15005550007";

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension();

    private static WebhookServer webhooks;
    private static String inbound;
    private static final TwilioCallbacks HTTP = new TwilioCallbacks();

    @BeforeAll
    static void start() {
        int port = WebhookServerITCase.freeLoopbackPort();
        inbound = "http://127.0.0.1:" + port + "/twilio/inbound";
        webhooks = WebhookServer.start(WebhookSettings.of(KAFKA.bootstrapServers(), TOKEN,
                URI.create("http://127.0.0.1:" + port), port, Map.of(ACME_SENDER, "acme", TEA_SENDER, "tea-house")));
    }

    @AfterAll
    static void stop() {
        webhooks.close();
    }

    @Test
    void helpNamesTheBrandWhoseNumberWasTexted() {
        String acme = text("SMhelp-acme", "+12125550901", ACME_SENDER, "HELP").body();
        String tea = text("SMhelp-tea", "+12125550902", TEA_SENDER, "HELP").body();

        assertThat(acme).isNotEqualTo(tea);
    }

    private static HttpResponse<String> text(String sid, String from, String to, String body) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", TwilioFake.DEV_ACCOUNT_SID);
        params.put("Body", body);
        params.put("From", from);
        params.put("MessageSid", sid);
        params.put("To", to);
        HttpResponse<String> response = HTTP.postSigned(TOKEN, inbound, params);
        assertThat(response.statusCode()).isEqualTo(200);
        return response;
    }
}
