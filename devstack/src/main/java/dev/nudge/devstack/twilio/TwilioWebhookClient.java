package dev.nudge.devstack.twilio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Plays Twilio and the customer's phone towards a webhook service: signed form POSTs (an inbound text, a status
 * callback) and plain GETs (a tap on a tracked link), without following redirects.
 */
public final class TwilioWebhookClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final String authToken;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();

    /** Signs with the auth token of the account the webhooks belong to. */
    public TwilioWebhookClient(String authToken) {
        this.authToken = authToken;
    }

    /** POSTs {@code params} to {@code url} with the {@code X-Twilio-Signature} Twilio would give them. */
    public HttpResponse<String> postSigned(String url, Map<String, String> params) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("X-Twilio-Signature", TwilioSignature.sign(authToken, url, params))
                .header("User-Agent", "TwilioProxy/1.1")
                .POST(HttpRequest.BodyPublishers.ofString(FormEncoding.encode(params)))
                .build());
    }

    /** What Twilio posts to the inbound webhook when {@code from} texts {@code body} to our number {@code to}. */
    public HttpResponse<String> inboundText(String url, String accountSid, String messageSid, String from, String to,
            String body) {
        return postSigned(url, Map.ofEntries(Map.entry("AccountSid", accountSid), Map.entry("ApiVersion", "2010-04-01"),
                Map.entry("Body", body), Map.entry("From", from), Map.entry("MessageSid", messageSid),
                Map.entry("NumMedia", "0"), Map.entry("NumSegments", "1"), Map.entry("SmsMessageSid", messageSid),
                Map.entry("SmsSid", messageSid), Map.entry("SmsStatus", "received"), Map.entry("To", to)));
    }

    public HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + request.uri(), e);
        }
    }
}
