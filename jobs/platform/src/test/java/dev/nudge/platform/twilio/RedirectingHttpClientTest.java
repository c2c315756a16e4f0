package dev.nudge.platform.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.twilio.constant.EnumConstants;
import com.twilio.exception.ApiException;
import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedirectingHttpClientTest {

    private final RedirectingHttpClient client =
            new RedirectingHttpClient(URI.create("http://127.0.0.1:8089/"), Duration.ofSeconds(1));

    @Test
    void keepsEverythingButTheHost() {
        Request request = new Request(HttpMethod.POST, "api", "/2010-04-01/Accounts/ACx/Messages.json");
        request.setAuth("ACx", "token");
        request.addPostParam("To", "+15551234567");
        request.addQueryParam("PageSize", "5");
        request.setContentType(EnumConstants.ContentType.FORM_URLENCODED);

        Request redirected = client.redirect(request);

        assertThat(redirected.constructURL().toString())
                .isEqualTo("http://127.0.0.1:8089/2010-04-01/Accounts/ACx/Messages.json?PageSize=5");
        assertThat(redirected.getAuthString()).isEqualTo(request.getAuthString());
        assertThat(redirected.getPostParams()).isEqualTo(request.getPostParams());
        assertThat(redirected.getContentType()).isEqualTo(EnumConstants.ContentType.FORM_URLENCODED);
    }

    @Test
    void followsNextPageLinksWithTheirOwnQuery() {
        Request nextPage = new Request(HttpMethod.GET,
                "https://api.twilio.com/2010-04-01/Accounts/ACx/Messages.json?To=%2B1555&PageSize=2&Page=1&PageToken=PASMx");

        assertThat(client.redirect(nextPage).constructURL().toString()).isEqualTo(
                "http://127.0.0.1:8089/2010-04-01/Accounts/ACx/Messages.json?To=%2B1555&PageSize=2&Page=1&PageToken=PASMx");
    }

    @Test
    void refusesOtherTwilioHostsRatherThanReachTheRealOne() {
        Request otherProduct = new Request(HttpMethod.GET, "messaging", "/v1/Services");

        assertThatThrownBy(() -> client.redirect(otherProduct)).isInstanceOf(ApiException.class)
                .hasMessageContaining("https://messaging.twilio.com/v1/Services");
    }
}
