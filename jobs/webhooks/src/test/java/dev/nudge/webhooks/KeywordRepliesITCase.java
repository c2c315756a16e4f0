package dev.nudge.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.devstack.kafka.KafkaExtension;
import dev.nudge.devstack.twilio.TwilioFake;
import dev.nudge.dispatcher.Dispatcher;
import dev.nudge.dispatcher.DispatcherSettings;
import dev.nudge.dispatcher.Intents;
import dev.nudge.dispatcher.ledger.SendState;
import dev.nudge.domain.tenant.TenantSettings;
import dev.nudge.events.SmsIntent;
import dev.nudge.events.Tenant;
import dev.nudge.platform.topics.Topics;
import dev.nudge.platform.twilio.TwilioSettings;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HELP, STOP and START answers per brand and in the customer's language, over signed HTTP like Twilio's. The real
 * dispatcher sends the texts through the Twilio SDK to the Twilio fake and records their locale in the send ledger;
 * the webhook server reads the brands' answers from tenant settings YAML.
 */
class KeywordRepliesITCase {

    private static final Topics TOPICS = Topics.standard();
    private static final String TOKEN = TwilioFake.DEV_AUTH_TOKEN;
    private static final String ACME_SENDER = Intents.SENDER;
    private static final String CASA_SENDER = "+15005550007";
    private static final String TENANTS = """
            tenants:
              acme:
                sender: "+15005550006"
                keywordReplies:
                  brandName: Acme Coffee
                  contact: help@acme.example
                  locale: en-US
              casa:
                sender: "+15005550007"
                keywordReplies:
                  brandName: Casa de Té
                  contact: "+1 800 555 0100"
                  locale: es-MX
                  optOutInstructions: {en: "Text STOP to opt out of Casa de Té texts."}
                  replies:
                    en: {optOut: ""}
            """;

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension();

    private static TwilioFake twilio;
    private static WebhookServer webhooks;
    private static Dispatcher dispatcher;
    private static KafkaProducer<String, byte[]> outbox;
    private static String inbound;
    private static final TwilioCallbacks HTTP = new TwilioCallbacks();

    @BeforeAll
    static void start() {
        twilio = TwilioFake.start(TwilioFake.DEV_ACCOUNT_SID, TOKEN);
        int port = WebhookServerITCase.freeLoopbackPort();
        inbound = "http://127.0.0.1:" + port + "/twilio/inbound";
        TenantSettings tenants = TenantSettings.read(TENANTS);
        Map<String, String> brandBySender = new LinkedHashMap<>();
        tenants.senders().forEach((brand, sender) -> brandBySender.put(sender, brand));
        webhooks = WebhookServer.start(WebhookSettings.of(KAFKA.bootstrapServers(), TOKEN,
                URI.create("http://127.0.0.1:" + port), port, brandBySender)
                .withKeywordReplies(tenants.keywordReplies()));
        dispatcher = Dispatcher.start(DispatcherSettings.builder(KAFKA.bootstrapServers(),
                        TwilioSettings.of(TwilioFake.DEV_ACCOUNT_SID, TOKEN)
                                .withApiBaseUrl(URI.create(twilio.baseUrl()))
                                .withReadTimeout(Duration.ofSeconds(3)))
                .groupId("keyword-replies-it")
                .senders(tenants.senders())
                .sendsPerSecondPerSender(1_000)
                .build());
        outbox = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        outbox.close();
        dispatcher.close();
        webhooks.close();
        twilio.close();
    }

    @Test
    void helpNamesTheBrandWhoseNumberWasTextedItsContactAndHowToOptOut() {
        // Phones no brand ever wrote to: the brand's default language.
        assertThat(message(text("SMhelp-acme", "+12125550901", ACME_SENDER, "HELP"))).isEqualTo("Acme Coffee: For help, "
                + "contact help@acme.example. Reply STOP to stop these texts. Reply START to get them again. "
                + "Msg&amp;data rates may apply.");
        assertThat(message(text("SMhelp-casa", "+12125550902", CASA_SENDER, "ayuda"))).isEqualTo("Casa de Té: Para "
                + "ayuda: +1 800 555 0100. Responde STOP o BAJA para no recibir más mensajes. Responde START para "
                + "volver a recibirlos. Pueden aplicarse tarifas de mensajes y datos.");
    }

    @Test
    void answersComeInTheLanguageOfTheBrandsLatestTextToThatPhone() {
        String spanish = "+12125550911";
        String english = "+12125550912";
        send(intent("kw-es-1", "acme", spanish, "es-US"), intent("kw-en-1", "acme", english, "en-US"));

        assertThat(message(text("SMkw-es-help", spanish, ACME_SENDER, "HELP"))).startsWith("Acme Coffee: Para ayuda: "
                + "help@acme.example. Responde STOP o BAJA");
        assertThat(message(text("SMkw-es-stop", spanish, ACME_SENDER, "Parar"))).isEqualTo("Acme Coffee: Te diste de "
                + "baja y no recibirás más mensajes nuestros. Responde START para volver a recibirlos.");
        assertThat(message(text("SMkw-es-start", spanish, ACME_SENDER, "START"))).startsWith("Acme Coffee: Volverás a "
                + "recibir nuestros mensajes.");
        // A Spanish keyword from a customer Acme writes to in English: the confirmation follows the customer's locale.
        assertThat(message(text("SMkw-en-stop", english, ACME_SENDER, "BAJA"))).isEqualTo("Acme Coffee: You will get "
                + "no more texts from us. Reply START to get them again.");
    }

    @Test
    void theLocaleIsTheOneOfThatBrandsTextsNotAnotherBrandsLaterOne() {
        String phone = "+12125550921";
        send(intent("kw-fr-acme", "acme", phone, "fr-CA"));
        send(intent("kw-en-casa", "casa", phone, "en-US"));

        assertThat(message(text("SMkw-fr-help", phone, ACME_SENDER, "HELP"))).startsWith("Acme Coffee: Pour de "
                + "l'aide : help@acme.example. Répondez STOP ou ARRET");
        assertThat(message(text("SMkw-casa-help", phone, CASA_SENDER, "HELP"))).isEqualTo("Casa de Té: For help, "
                + "contact +1 800 555 0100. Text STOP to opt out of Casa de Té texts. Reply START to get them again. "
                + "Msg&amp;data rates may apply.");
        // Casa silenced its English STOP confirmation (say, Twilio's Advanced Opt-Out sends it).
        assertThat(text("SMkw-casa-stop", phone, CASA_SENDER, "STOP").body())
                .isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
    }

    private static SmsIntent intent(String intentId, String brand, String phone, String locale) {
        return Intents.intent(intentId, "c-" + intentId, phone).setTenant(new Tenant(brand, null)).setLocale(locale)
                .build();
    }

    /** Puts the intents in the outbox and waits until the webhook server has read each one SENT in the ledger. */
    private static void send(SmsIntent... intents) {
        for (SmsIntent intent : intents) {
            outbox.send(new ProducerRecord<>(TOPICS.outbox().name(), intent.getCustomerId(),
                    TOPICS.outbox().codec().encode(intent)));
        }
        outbox.flush();
        Instant deadline = Instant.now().plus(EngagementLog.DEADLINE);
        for (SmsIntent intent : intents) {
            while (webhooks.ledgerEntry(intent.getIntentId()).filter(e -> e.getState() == SendState.SENT).isEmpty()) {
                assertThat(Instant.now()).as(intent.getIntentId() + " SENT in the ledger view").isBefore(deadline);
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        }
    }

    /** A customer's text to one of our numbers, posted and signed as Twilio does. */
    private static HttpResponse<String> text(String sid, String from, String to, String body) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", TwilioFake.DEV_ACCOUNT_SID);
        params.put("ApiVersion", "2010-04-01");
        params.put("Body", body);
        params.put("From", from);
        params.put("MessageSid", sid);
        params.put("NumMedia", "0");
        params.put("To", to);
        HttpResponse<String> response = HTTP.postSigned(TOKEN, inbound, params);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/xml"));
        return response;
    }

    private static String message(HttpResponse<String> twiml) {
        String body = twiml.body();
        assertThat(body).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>")
                .endsWith("</Message></Response>");
        return body.substring(body.indexOf("<Message>") + "<Message>".length(), body.indexOf("</Message>"));
    }
}
