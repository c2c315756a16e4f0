package dev.nudge.devstack.twilio;

import java.util.LinkedHashMap;
import java.util.Map;

/** Twilio's error answers: {@code {"code", "message", "more_info", "status"}}, which the SDK turns into an ApiException. */
final class TwilioErrors {

    static final int INVALID_TO_NUMBER = 21211;
    static final int UNSUBSCRIBED_RECIPIENT = 21610;
    /** Twilio's authentication error, also what every call of a suspended account gets. */
    static final int ACCOUNT_NOT_ACTIVE = 20003;

    private TwilioErrors() {
    }

    static ApiResponse error(int httpStatus, int code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        body.put("more_info", "https://www.twilio.com/docs/errors/" + code);
        body.put("status", httpStatus);
        return ApiResponse.json(httpStatus, body);
    }

    static ApiResponse badRequest(int code, String message) {
        return error(400, code, message);
    }

    static ApiResponse notFound(String path) {
        return error(404, 20404, "The requested resource " + path + " was not found");
    }

    static ApiResponse unauthorized() {
        return error(401, ACCOUNT_NOT_ACTIVE, "Authenticate").withHeader("WWW-Authenticate", "Basic realm=\"Twilio API\"");
    }

    /** Every call of a suspended or closed account: the whole account fails, whatever the request. */
    static ApiResponse accountSuspended() {
        return error(401, ACCOUNT_NOT_ACTIVE, "Authenticate: the account is not active")
                .withHeader("WWW-Authenticate", "Basic realm=\"Twilio API\"");
    }

    /** An injected failure; Twilio's generic codes are 20000 + the HTTP status (20429, 20500, 20503). */
    static ApiResponse injected(int httpStatus) {
        ApiResponse response = error(httpStatus, 20000 + httpStatus, switch (httpStatus) {
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Injected failure " + httpStatus;
        });
        return httpStatus == 429 ? response.withHeader("Retry-After", "1") : response;
    }
}
