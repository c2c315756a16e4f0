package dev.nudge.devstack.twilio;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Renders a message in the shape of the spec's {@code api.v2010.account.message} schema. */
final class MessageJson {

    /** RFC 2822 in GMT, as Twilio writes {@code date_created} and friends. */
    private static final DateTimeFormatter RFC_2822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    private MessageJson() {
    }

    static String uri(String accountSid, String sid) {
        return "/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid + ".json";
    }

    static String rfc2822(Instant instant) {
        return instant == null ? null : RFC_2822.format(instant);
    }

    static Map<String, Object> render(FakeMessage message) {
        String uri = uri(message.accountSid(), message.sid());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("account_sid", message.accountSid());
        json.put("api_version", "2010-04-01");
        json.put("body", message.body());
        json.put("date_created", rfc2822(message.dateCreated()));
        json.put("date_sent", rfc2822(message.dateSent()));
        json.put("date_updated", rfc2822(message.dateUpdated()));
        json.put("direction", "outbound-api");
        json.put("error_code", message.errorCode());
        json.put("error_message", message.errorMessage());
        json.put("from", message.from());
        json.put("messaging_service_sid", message.messagingServiceSid());
        json.put("num_media", "0");
        json.put("num_segments", Integer.toString(segments(message.body())));
        json.put("price", null);
        json.put("price_unit", "USD");
        json.put("sid", message.sid());
        json.put("status", message.status());
        json.put("subresource_uris", Map.of("media", uri.replace(".json", "/Media.json")));
        json.put("to", message.to());
        json.put("uri", uri);
        return json;
    }

    /** SMS segments: 160/153 characters for plain text, 70/67 once a character needs UCS-2 (approximated as non-ASCII). */
    static int segments(String body) {
        boolean plain = body.chars().allMatch(c -> c < 128);
        int single = plain ? 160 : 70;
        int part = plain ? 153 : 67;
        int length = body.length();
        return length <= single ? 1 : (length + part - 1) / part;
    }
}
