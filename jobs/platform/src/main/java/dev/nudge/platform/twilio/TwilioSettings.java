package dev.nudge.platform.twilio;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach Twilio.
 *
 * <ul>
 *   <li>{@code accountSid}, {@code authToken}: required, no default.</li>
 *   <li>{@code apiBaseUrl}: default none = the real {@code https://api.twilio.com}; set it to send every
 *       {@code api.twilio.com} call to a Twilio-compatible server instead (the dev stack's fake, a contract mock).</li>
 *   <li>{@code readTimeout}: default {@value #DEFAULT_READ_TIMEOUT_SECONDS} s; how long to wait for an answer before
 *       the call fails as retryable (the SDK's own default is 30 s, too long to hold a sending thread).</li>
 * </ul>
 */
public final class TwilioSettings implements java.io.Serializable {

    public static final long DEFAULT_READ_TIMEOUT_SECONDS = 10;
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(DEFAULT_READ_TIMEOUT_SECONDS);

    public static final String ACCOUNT_SID_ENV = "TWILIO_ACCOUNT_SID";
    public static final String AUTH_TOKEN_ENV = "TWILIO_AUTH_TOKEN";
    public static final String BASE_URL_ENV = "NUDGE_TWILIO_BASE_URL";

    private final String accountSid;
    private final String authToken;
    private final URI apiBaseUrl;
    private final Duration readTimeout;

    private TwilioSettings(String accountSid, String authToken, URI apiBaseUrl, Duration readTimeout) {
        this.accountSid = requireText(accountSid, "accountSid");
        this.authToken = requireText(authToken, "authToken");
        this.apiBaseUrl = apiBaseUrl;
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("readTimeout must be positive: " + readTimeout);
        }
        if (apiBaseUrl != null && (apiBaseUrl.getScheme() == null || apiBaseUrl.getHost() == null)) {
            throw new IllegalArgumentException("apiBaseUrl must be an absolute http(s) URL: " + apiBaseUrl);
        }
    }

    /** Real Twilio with the default timeout. */
    public static TwilioSettings of(String accountSid, String authToken) {
        return new TwilioSettings(accountSid, authToken, null, DEFAULT_READ_TIMEOUT);
    }

    /** From TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN (both required) and NUDGE_TWILIO_BASE_URL (optional). */
    public static TwilioSettings fromEnv() {
        return fromEnv(System.getenv());
    }

    static TwilioSettings fromEnv(Map<String, String> env) {
        String accountSid = env.get(ACCOUNT_SID_ENV);
        String authToken = env.get(AUTH_TOKEN_ENV);
        if (isBlank(accountSid) || isBlank(authToken)) {
            throw new IllegalStateException("Set " + ACCOUNT_SID_ENV + " and " + AUTH_TOKEN_ENV
                    + " (and " + BASE_URL_ENV + " to use a Twilio-compatible server instead of Twilio)");
        }
        String baseUrl = env.get(BASE_URL_ENV);
        TwilioSettings settings = of(accountSid, authToken);
        return isBlank(baseUrl) ? settings : settings.withApiBaseUrl(URI.create(baseUrl.trim()));
    }

    public TwilioSettings withApiBaseUrl(URI baseUrl) {
        return new TwilioSettings(accountSid, authToken, Objects.requireNonNull(baseUrl, "baseUrl"), readTimeout);
    }

    public TwilioSettings withReadTimeout(Duration timeout) {
        return new TwilioSettings(accountSid, authToken, apiBaseUrl, timeout);
    }

    public String accountSid() {
        return accountSid;
    }

    public String authToken() {
        return authToken;
    }

    /** Empty means the real Twilio API. */
    public Optional<URI> apiBaseUrl() {
        return Optional.ofNullable(apiBaseUrl);
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    /** Never shows the auth token. */
    @Override
    public String toString() {
        return "TwilioSettings{accountSid=" + accountSid + ", apiBaseUrl="
                + (apiBaseUrl == null ? "https://api.twilio.com" : apiBaseUrl) + ", readTimeout=" + readTimeout + "}";
    }

    private static String requireText(String value, String name) {
        if (isBlank(value)) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
