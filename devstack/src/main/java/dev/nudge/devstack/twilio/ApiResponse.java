package dev.nudge.devstack.twilio;

import java.util.LinkedHashMap;
import java.util.Map;

/** What an endpoint answers: a status, a JSON body (any Jackson-writable value) and extra headers. */
record ApiResponse(int status, Object body, Map<String, String> headers) {

    static ApiResponse json(int status, Object body) {
        return new ApiResponse(status, body, Map.of());
    }

    ApiResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiResponse(status, body, Map.copyOf(more));
    }
}
