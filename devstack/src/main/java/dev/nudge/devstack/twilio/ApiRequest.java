package dev.nudge.devstack.twilio;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A parsed API request: what the endpoints read, and what the fake records. */
record ApiRequest(
        String method,
        String path,
        Map<String, List<String>> query,
        Map<String, List<String>> form,
        Map<String, List<String>> headers) {

    static ApiRequest read(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        Map<String, List<String>> form = Map.of();
        try (InputStream body = exchange.getRequestBody()) {
            String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
                form = FormEncoding.parse(text);
            }
        }
        return new ApiRequest(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                FormEncoding.parse(exchange.getRequestURI().getRawQuery()),
                form,
                headers);
    }

    RecordedRequest record(Instant receivedAt) {
        return new RecordedRequest(method, path, copy(query), copy(form), copy(headers), receivedAt);
    }

    String formParam(String name) {
        return first(form, name);
    }

    String queryParam(String name) {
        return first(query, name);
    }

    record Credentials(String user, String password) {
    }

    /** The user name and password of an HTTP basic Authorization header, if there is a well-formed one. */
    Optional<Credentials> basicCredentials() {
        List<String> values = headers.getOrDefault("Authorization", List.of());
        if (values.isEmpty() || !values.get(0).regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(values.get(0).substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty()
                    : Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** An unmodifiable copy that keeps the order of arrival. */
    private static Map<String, List<String>> copy(Map<String, List<String>> params) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        params.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        return Collections.unmodifiableMap(copy);
    }
}
