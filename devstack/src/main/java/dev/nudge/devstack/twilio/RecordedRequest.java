package dev.nudge.devstack.twilio;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request the fake received, recorded before it was answered (so failed and rejected calls show too).
 *
 * @param path the decoded request path, without query
 * @param query decoded query parameters in arrival order
 * @param form decoded form parameters of a form-encoded body, else empty
 * @param headers request headers as the JDK server names them (first letter upper case)
 */
public record RecordedRequest(
        String method,
        String path,
        Map<String, List<String>> query,
        Map<String, List<String>> form,
        Map<String, List<String>> headers,
        Instant receivedAt) {

    /** First value of a form parameter, or null. */
    public String formParam(String name) {
        return first(form, name);
    }

    /** First value of a query parameter, or null. */
    public String queryParam(String name) {
        return first(query, name);
    }

    /** First value of a header, matched case-insensitively, or null. */
    public String header(String name) {
        return headers.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty())
                .map(entry -> entry.getValue().get(0))
                .findFirst()
                .orElse(null);
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
