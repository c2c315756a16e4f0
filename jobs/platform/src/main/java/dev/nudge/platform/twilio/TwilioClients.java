package dev.nudge.platform.twilio;

import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.TwilioRestClient;
import java.time.Duration;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;

/** Builds the SDK's {@link TwilioRestClient} from {@link TwilioSettings}. */
public final class TwilioClients {

    /** Concurrent connections to Twilio, as the SDK's own client allows. */
    private static final int MAX_CONNECTIONS = 20;

    private TwilioClients() {
    }

    /** Real Twilio unless the settings name another base URL. */
    public static TwilioRestClient create(TwilioSettings settings) {
        return create(settings, transport(settings));
    }

    /** With a transport of the caller's choosing (e.g. a subclass of {@link RedirectingHttpClient} that records). */
    public static TwilioRestClient create(TwilioSettings settings, HttpClient transport) {
        return new TwilioRestClient.Builder(settings.accountSid(), settings.authToken())
                .httpClient(transport)
                .build();
    }

    /** The SDK's network client, redirected when a base URL is set. */
    public static HttpClient transport(TwilioSettings settings) {
        return settings.apiBaseUrl()
                .<HttpClient>map(baseUrl -> new RedirectingHttpClient(baseUrl, settings.readTimeout()))
                .orElseGet(() -> new NetworkHttpClient(apacheClient(settings.readTimeout())));
    }

    /**
     * Apache HttpClient as the SDK would build it, with two changes. The read timeout goes in as the socket timeout,
     * because the SDK puts its own RequestConfig on every request. Automatic retries are off: by default HttpClient 5
     * silently repeats a request answered 429 or 503 after waiting out Retry-After (a POST included), which would
     * hide Twilio's rate limiting from the caller and block the sending thread. The SDK still makes up to three
     * attempts on any 5xx answer by itself.
     */
    static HttpClientBuilder apacheClient(Duration readTimeout) {
        SocketConfig socketConfig = SocketConfig.custom()
                .setSoTimeout(Timeout.ofMilliseconds(readTimeout.toMillis()))
                .setSoKeepAlive(true)
                .setTcpNoDelay(true)
                .build();
        return HttpClientBuilder.create()
                .useSystemProperties()
                .disableAutomaticRetries()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultSocketConfig(socketConfig)
                        .setMaxConnPerRoute(MAX_CONNECTIONS)
                        .setMaxConnTotal(MAX_CONNECTIONS)
                        .build());
    }
}
