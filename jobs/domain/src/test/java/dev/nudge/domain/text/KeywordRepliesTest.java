package dev.nudge.domain.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KeywordRepliesTest {

    private static final KeywordReplies REPLIES = new KeywordReplies(Map.of(
            "acme", new KeywordReplies.Brand("Acme Coffee", "help@acme.example", "en-US",
                    Map.of("es", "Responde BAJA para darte de baja."), Map.of()),
            "casa", new KeywordReplies.Brand("Casa de Té", "+1 800 555 0100", "es-MX", Map.of(),
                    Map.of("en", Map.of(ReplyKind.OPT_OUT, ""),
                            "de", Map.of(ReplyKind.HELP, "Casa de Té: Hilfe unter +1 800 555 0100. STOP zum Abmelden.")))));

    @Test
    void helpNamesTheBrandItsContactAndHowToOptOut() {
        assertThat(REPLIES.reply("acme", ReplyKind.HELP, "en-US")).hasValue("Acme Coffee: For help, contact "
                + "help@acme.example. Reply STOP to stop these texts. Reply START to get them again. Msg&data rates may apply.");
        assertThat(REPLIES.reply("casa", ReplyKind.HELP, "es-MX")).hasValue("Casa de Té: Para ayuda: +1 800 555 0100. "
                + "Responde STOP o BAJA para no recibir más mensajes. Responde START para volver a recibirlos. "
                + "Pueden aplicarse tarifas de mensajes y datos.");
    }

    @Test
    void confirmationsNameTheBrandInTheCustomersLanguage() {
        assertThat(REPLIES.reply("acme", ReplyKind.OPT_OUT, "fr-CA")).hasValue("Acme Coffee: Vous êtes désabonné et "
                + "ne recevrez plus de messages de notre part. Répondez START pour les recevoir à nouveau.");
        assertThat(REPLIES.reply("acme", ReplyKind.OPT_IN, "es_US")).hasValue("Acme Coffee: Volverás a recibir "
                + "nuestros mensajes. Responde BAJA para darte de baja. Pueden aplicarse tarifas de mensajes y datos.");
    }

    @Test
    void anUnknownOrUnspokenLocaleFallsBackToTheBrandsDefault() {
        assertThat(REPLIES.reply("casa", ReplyKind.OPT_IN, null)).hasValueSatisfying(text ->
                assertThat(text).startsWith("Casa de Té: Volverás a recibir nuestros mensajes."));
        assertThat(REPLIES.reply("casa", ReplyKind.OPT_IN, "pt-BR")).isEqualTo(REPLIES.reply("casa", ReplyKind.OPT_IN, null));
        assertThat(REPLIES.reply("acme", ReplyKind.HELP, "not a tag!")).isEqualTo(REPLIES.reply("acme", ReplyKind.HELP, "en"));
    }

    @Test
    void aBrandsOwnTextReplacesTheBuiltInOneAndAnEmptyOneAnswersNothing() {
        assertThat(REPLIES.reply("casa", ReplyKind.HELP, "de-DE"))
                .hasValue("Casa de Té: Hilfe unter +1 800 555 0100. STOP zum Abmelden.");
        assertThat(REPLIES.reply("casa", ReplyKind.OPT_OUT, "en-US")).isEmpty();
        assertThat(REPLIES.reply("casa", ReplyKind.HELP, "en-US")).hasValueSatisfying(text ->
                assertThat(text).startsWith("Casa de Té: For help, contact +1 800 555 0100."));
    }

    @Test
    void aBrandWithoutSettingsGetsTheBuiltInTextsWithoutAName() {
        assertThat(REPLIES.reply("unknown", ReplyKind.HELP, null))
                .hasValue("Reply STOP to stop these texts. Reply START to get them again. Msg&data rates may apply.");
        assertThat(REPLIES.reply("unknown", ReplyKind.OPT_OUT, "es")).hasValue("Te diste de baja y no recibirás más "
                + "mensajes nuestros. Responde START para volver a recibirlos.");
    }

    @Test
    void otherTextsGetNoAutomaticAnswer() {
        for (ReplyKind kind : new ReplyKind[] {ReplyKind.QUESTION, ReplyKind.POSITIVE, ReplyKind.NEGATIVE, ReplyKind.OTHER}) {
            assertThat(REPLIES.reply("acme", kind, "en")).as(kind.name()).isEmpty();
        }
    }
}
