package dev.nudge.platform.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.platform.twilio.RecordingHttpClient.Exchange;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same {@link TwilioSmsClient} calls the product makes, checked against Twilio's own OpenAPI description by
 * Prism. Every request the spec rejects fails the test, whatever the call returned.
 */
class TwilioContractITCase {

    private static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    private static final String SENDER = "+15550003333";
    private static final String RECIPIENT = "+15551113333";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRISM_ERRORS = "https://stoplight.io/prism/errors#";
    /**
     * Twilio's list examples give page links relative to api.twilio.com while its schema declares them
     * {@code format: uri}, so Prism, which checks its own answers with --errors, refuses every list answer.
     */
    private static final Set<String> SPEC_OWN_LIST_DEFECT =
            Set.of("first_page_uri", "next_page_uri", "previous_page_uri", "uri");

    private static PrismMock prism;
    private static RecordingHttpClient transport;
    private static TwilioSmsClient sms;

    @BeforeAll
    static void startPrism() throws Exception {
        prism = PrismMock.start();
        System.out.printf("Prism serving Twilio's OpenAPI description was ready after %d ms%n",
                prism.startup().toMillis());
        TwilioSettings settings = TwilioSettings.of(ACCOUNT_SID, "contract-token").withApiBaseUrl(prism.baseUrl());
        transport = new RecordingHttpClient(prism.baseUrl(), settings.readTimeout());
        sms = new TwilioSmsClient(TwilioClients.create(settings, transport));
    }

    @AfterAll
    static void stopPrism() throws Exception {
        if (prism != null) {
            prism.close();
        }
    }

    @AfterEach
    void everyRequestSatisfiedTheSpec() throws IOException {
        List<Exchange> exchanges = transport.takeExchanges();
        assertThat(exchanges).as("requests that reached Prism").isNotEmpty();
        assertThat(requestRejections(exchanges))
                .as("requests Twilio's OpenAPI description rejects (Prism's log: %s)", prism.log())
                .isEmpty();
    }

    @Test
    void sendFromANumberWithAStatusCallback() {
        SentMessage sent = sms.send(SENDER, RECIPIENT, "Back in stock: your size", URI.create(
                "https://hooks.example.com/twilio/status"));

        assertThat(sent.sid()).matches("(SM|MM)[0-9a-fA-F]{32}");
        assertThat(sent.status()).isNotBlank();
    }

    @Test
    void sendThroughAMessagingService() {
        SentMessage sent = sms.send("MGfedcba9876543210fedcba9876543210", RECIPIENT, "Hi", null);

        assertThat(sent.sid()).matches("(SM|MM)[0-9a-fA-F]{32}");
    }

    @Test
    void fetchASentMessage() {
        SentMessage sent = sms.send(SENDER, RECIPIENT, "Hi", null);

        Optional<SentMessage> fetched = sms.fetch(sent.sid());

        assertThat(fetched).get().extracting(SentMessage::sid).asString().matches("(SM|MM)[0-9a-fA-F]{32}");
    }

    @Test
    void listSentToADateWindow() throws IOException {
        Instant until = Instant.parse("2026-05-04T10:00:00Z");
        // Bounded: were the spec's list answers valid, Prism would repeat its one example (with a next page) forever.
        Optional<TwilioCallException> failure = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try {
                sms.listSentTo(RECIPIENT, until.minus(Duration.ofDays(7)), until);
                return Optional.empty();
            } catch (TwilioCallException e) {
                return Optional.of(e);
            }
        });

        if (failure.isPresent()) {
            List<String> responseViolations = new ArrayList<>();
            for (Exchange exchange : transport.peekExchanges()) {
                problem(exchange).ifPresent(problem -> problem.path("validation").forEach(violation ->
                        responseViolations.add(String.join(".", texts(violation.get("location"))) + " "
                                + violation.path("code").asText())));
            }
            assertThat(responseViolations).as("why Prism refused the list answer").isNotEmpty().allSatisfy(
                    violation -> assertThat(violation).matches("response\\.body\\.(" + String.join("|",
                            SPEC_OWN_LIST_DEFECT) + ") format"));
        }
    }

    /** Prism's answers that say the request itself broke the spec (anything but a complaint about its own answer). */
    private static List<String> requestRejections(List<Exchange> exchanges) throws IOException {
        List<String> rejections = new ArrayList<>();
        for (Exchange exchange : exchanges) {
            Optional<JsonNode> problem = problem(exchange);
            if (problem.isEmpty()) {
                continue;
            }
            boolean onlyAboutTheAnswer = problem.get().path("type").asText().equals(PRISM_ERRORS + "VIOLATIONS");
            List<String> details = new ArrayList<>();
            for (JsonNode violation : problem.get().path("validation")) {
                List<String> location = texts(violation.get("location"));
                if (location.isEmpty() || !location.get(0).equals("response")) {
                    onlyAboutTheAnswer = false;
                    details.add(String.join(".", location) + ": " + violation.path("message").asText());
                }
            }
            if (!onlyAboutTheAnswer) {
                rejections.add(exchange.method() + " " + exchange.url() + " -> " + exchange.status() + " "
                        + problem.get().path("title").asText() + " " + details);
            }
        }
        return rejections;
    }

    private static Optional<JsonNode> problem(Exchange exchange) throws IOException {
        if (exchange.status() < 400 || exchange.body().isBlank()) {
            return Optional.empty();
        }
        JsonNode body = JSON.readTree(exchange.body());
        return body.path("type").asText().startsWith(PRISM_ERRORS) ? Optional.of(body) : Optional.empty();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        if (array != null) {
            array.forEach(item -> texts.add(item.asText()));
        }
        return texts;
    }
}
