package dev.nudge.platform.twilio;

import com.twilio.exception.ApiException;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.net.URI;
import java.time.Duration;

/**
 * The SDK's own HTTP client, sending what it would send to {@code https://api.twilio.com} to another base URL (the
 * dev stack's Twilio fake, a contract mock). Requests for other Twilio hosts are refused rather than let through to
 * the real Twilio.
 */
public class RedirectingHttpClient extends NetworkHttpClient {

    static final String TWILIO_API = "https://api.twilio.com";

    private final String baseUrl;

    public RedirectingHttpClient(URI baseUrl, Duration readTimeout) {
        super(TwilioClients.apacheClient(readTimeout));
        String text = baseUrl.toString();
        this.baseUrl = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public Response makeRequest(Request request) {
        return super.makeRequest(redirect(request));
    }

    /** A copy of {@code request} aimed at the base URL; the SDK builds the final URL from it as usual. */
    Request redirect(Request request) {
        String url = request.getUrl();
        if (!url.startsWith(TWILIO_API + "/")) {
            throw new ApiException("Only " + TWILIO_API + " is redirected to " + baseUrl + ", not " + url);
        }
        Request redirected = new Request(request.getMethod(), baseUrl + url.substring(TWILIO_API.length()));
        if (request.getUsername() != null) {
            redirected.setAuth(request.getUsername(), request.getPassword());
        } else if (request.getAuthStrategy() != null) {
            redirected.setAuth(request.getAuthStrategy());
        }
        request.getQueryParams().forEach((name, values) -> values.forEach(v -> redirected.addQueryParam(name, v)));
        request.getPostParams().forEach((name, values) -> values.forEach(v -> redirected.addPostParam(name, v)));
        request.getHeaderParams().forEach((name, values) -> values.forEach(v -> redirected.addHeaderParam(name, v)));
        redirected.setFormParameters(request.getFormParameters());
        redirected.setContentType(request.getContentType());
        redirected.setBody(request.getBody());
        redirected.setUserAgentExtensions(request.getUserAgentExtensions());
        return redirected;
    }
}
