package dev.nudge.devstack.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The messages the fake renders in every state its faults produce (queued without date_sent, failed with an error
 * code, sent through a Messaging Service before a sender is assigned) have the shape of Twilio's own OpenAPI
 * description ({@code ../shared/twilio-openapi/}): only declared properties, null only where the spec allows it,
 * statuses from the spec's enum, dates in its RFC 2822 format.
 */
class TwilioFakeSpecShapeTest {

    private static final String SPEC = "shared/twilio-openapi/twilio_api_v2010.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode schemas;

    @BeforeAll
    static void readSpec() throws IOException {
        schemas = JSON.readTree(findSpec().toFile()).get("components").get("schemas");
    }

    @Test
    void everyRenderedMessageStateMatchesTheSpecsMessageSchema() {
        Instant now = Instant.parse("2026-03-02T10:00:00Z");
        FakeMessage queued = new FakeMessage("SM0123456789abcdef0123456789abcdef", TwilioFake.DEV_ACCOUNT_SID,
                "+15551230001", null, "MG0123456789abcdef0123456789abcdef", "Hi", "queued", null, null,
                "https://hooks.example.com/status", now, now, null, 0);
        FakeMessage failed = queued.withFrom(DeliverySimulator.SERVICE_SENDER)
                .withStatus("failed", 30008, "Unknown error", now.plusSeconds(1));
        FakeMessage sent = queued.withFrom("+15550001111").withDateSent(now.plusSeconds(2))
                .withStatus("sent", null, null, now.plusSeconds(2));

        for (FakeMessage message : List.of(queued, failed, sent)) {
            assertThat(violations(JSON.valueToTree(MessageJson.render(message)))).as(message.status()).isEmpty();
        }
    }

    private static List<String> violations(JsonNode message) {
        JsonNode properties = schemas.get("api.v2010.account.message").get("properties");
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) message::fields) {
            JsonNode declared = properties.get(field.getKey());
            if (declared == null) {
                violations.add(field.getKey() + " is not in the spec");
                continue;
            }
            JsonNode value = field.getValue();
            if (declared.has("$ref")) {
                JsonNode allowed = resolve(declared.get("$ref").asText()).get("enum");
                boolean listed = false;
                for (JsonNode symbol : allowed) {
                    listed |= symbol.asText().equals(value.asText());
                }
                if (!listed) {
                    violations.add(field.getKey() + " " + value + " is not in " + allowed);
                }
            } else if (value.isNull()) {
                if (!declared.path("nullable").asBoolean()) {
                    violations.add(field.getKey() + " is null but not nullable");
                }
            } else if ("date-time-rfc-2822".equals(declared.path("format").asText())) {
                ZonedDateTime.parse(value.asText(), DateTimeFormatter.RFC_1123_DATE_TIME);
            } else if (!declared.path("type").asText().equals(typeOf(value))) {
                violations.add(field.getKey() + " is " + typeOf(value) + ", the spec says " + declared.get("type"));
            }
        }
        return violations;
    }

    private static String typeOf(JsonNode value) {
        return value.isTextual() ? "string" : value.isIntegralNumber() ? "integer" : value.isObject() ? "object"
                : value.getNodeType().name().toLowerCase();
    }

    private static JsonNode resolve(String ref) {
        return schemas.get(ref.substring(ref.lastIndexOf('/') + 1));
    }

    /** {@code ${nudge.root}/../shared/...} in a checkout; further up from a worktree nested deeper. */
    private static Path findSpec() {
        Path root = Paths.get(System.getProperty("nudge.root", ".")).toAbsolutePath();
        for (Path dir = root; dir != null; dir = dir.getParent()) {
            Path spec = dir.resolve(SPEC);
            if (Files.isRegularFile(spec)) {
                return spec;
            }
        }
        throw new AssertionError("Twilio's OpenAPI description " + SPEC + " was not found above " + root);
    }
}
