package dev.nudge.webhooks;

import com.twilio.security.RequestValidator;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Checks {@code X-Twilio-Signature} with the SDK's {@link RequestValidator} against the URL as Twilio signed it: the
 * configured public base URL (what Twilio was given, not what this server sees behind a proxy) plus the request's
 * path and query. Twilio may sign with or without the default port, so both forms are tried.
 */
final class TwilioRequestAuth {

    private final RequestValidator validator;
    private final URI publicBase;

    TwilioRequestAuth(String authToken, URI publicBase) {
        this.validator = new RequestValidator(authToken);
        this.publicBase = publicBase;
    }

    boolean isSigned(String pathAndQuery, Map<String, String> formParams, String signature) {
        if (signature == null || signature.isBlank()) {
            return false;
        }
        for (String url : urlVariants(pathAndQuery)) {
            if (validator.validate(url, formParams, signature)) {
                return true;
            }
        }
        return false;
    }

    /** The signed URL with the base's port as configured, with the scheme's default port, and without a port. */
    Set<String> urlVariants(String pathAndQuery) {
        String scheme = publicBase.getScheme();
        String host = publicBase.getHost();
        String basePath = publicBase.getRawPath() == null ? "" : stripSlash(publicBase.getRawPath());
        int defaultPort = "https".equalsIgnoreCase(scheme) ? 443 : 80;
        int port = publicBase.getPort() == -1 ? defaultPort : publicBase.getPort();
        Set<String> urls = new LinkedHashSet<>();
        urls.add(scheme + "://" + host + ":" + port + basePath + pathAndQuery);
        if (port == defaultPort) {
            urls.add(scheme + "://" + host + basePath + pathAndQuery);
        }
        return urls;
    }

    private static String stripSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
