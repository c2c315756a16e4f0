package dev.nudge.domain.text;

import dev.nudge.domain.definition.LocaleTags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What Nudge answers to HELP, STOP (and its kin) and START: the brand's name, how to reach it and how to opt out, in
 * the customer's language. The texts are built in for English, Spanish and French; a brand's settings give its name,
 * its contact, its default locale, its own opt-out instructions per language, and may replace a whole answer per
 * language, or silence it with an empty text (e.g. when Twilio's Advanced Opt-Out answers STOP already). A brand
 * without settings gets the built-in texts without a name.
 */
public final class KeywordReplies {

    /** The language used when neither the customer's nor the brand's has texts. */
    public static final String FALLBACK_LANGUAGE = "en";

    /** The built-in sentences each answer is made of, per language. */
    private record Sentences(String contact, String optOut, String optIn, String rates, String stopped, String started) {
    }

    private static final Map<String, Sentences> BUILT_IN = Map.of(
            "en", new Sentences("For help, contact %s.", "Reply STOP to stop these texts.",
                    "Reply START to get them again.", "Msg&data rates may apply.", "You will get no more texts from us.", "You will get our texts again."),
            "es", new Sentences("Para ayuda: %s.", "Responde STOP o BAJA para no recibir más mensajes.",
                    "Responde START para volver a recibirlos.", "Pueden aplicarse tarifas de mensajes y datos.",
                    "Te diste de baja y no recibirás más mensajes nuestros.", "Volverás a recibir nuestros mensajes."),
            "fr", new Sentences("Pour de l'aide : %s.", "Répondez STOP ou ARRET pour ne plus recevoir de messages.",
                    "Répondez START pour les recevoir à nouveau.",
                    "Des frais de messagerie et de données peuvent s'appliquer.",
                    "Vous êtes désabonné et ne recevrez plus de messages de notre part.",
                    "Vous recevrez à nouveau nos messages."));

    /**
     * One brand's settings.
     *
     * @param name               how the brand is named in every answer
     * @param contact            how to reach a person (phone, email or web address), in the HELP answer; may be null
     * @param locale             the answers' language when the customer's is unknown or has no texts (BCP 47)
     * @param optOutInstructions language → how to opt out, replacing the built-in sentence ("Reply STOP to stop these
     *                           texts.")
     * @param replies            language → answer kind (HELP, OPT_OUT, OPT_IN) → the whole text; empty answers nothing
     */
    public record Brand(String name, String contact, String locale, Map<String, String> optOutInstructions,
            Map<String, Map<ReplyKind, String>> replies) {

        public Brand {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(locale, "locale");
            optOutInstructions = Map.copyOf(optOutInstructions);
            replies = Map.copyOf(replies);
        }

        /** The languages this brand can answer in: the built-in ones and any it wrote texts for. */
        boolean speaks(String language) {
            return BUILT_IN.containsKey(language) || replies.containsKey(language);
        }
    }

    private final Map<String, Brand> brands;

    public KeywordReplies(Map<String, Brand> brands) {
        this.brands = Map.copyOf(brands);
    }

    /** No brand configured: the built-in texts without a brand name. */
    public static KeywordReplies builtIn() {
        return new KeywordReplies(Map.of());
    }

    /** The languages with built-in texts. */
    public static boolean hasBuiltInTexts(String language) {
        return BUILT_IN.containsKey(language);
    }

    /**
     * The answer to a text of {@code kind} from a customer of {@code brandId} whose locale is {@code customerLocale}
     * (null when unknown); empty for kinds that get no automatic answer, and for an answer the brand silenced.
     */
    public Optional<String> reply(String brandId, ReplyKind kind, String customerLocale) {
        if (kind != ReplyKind.HELP && kind != ReplyKind.OPT_OUT && kind != ReplyKind.OPT_IN) {
            return Optional.empty();
        }
        Brand brand = brands.get(brandId);
        String language = language(brand, customerLocale);
        if (brand != null && brand.replies().getOrDefault(language, Map.of()).containsKey(kind)) {
            String text = brand.replies().get(language).get(kind);
            return text.isBlank() ? Optional.empty() : Optional.of(text);
        }
        Sentences sentences = BUILT_IN.getOrDefault(language, BUILT_IN.get(FALLBACK_LANGUAGE));
        String optOut = brand == null ? sentences.optOut()
                : brand.optOutInstructions().getOrDefault(language, sentences.optOut());
        List<String> parts = new ArrayList<>();
        switch (kind) {
            case HELP -> {
                if (brand != null && brand.contact() != null) {
                    parts.add(sentences.contact().formatted(brand.contact()));
                }
                parts.addAll(List.of(optOut, sentences.optIn(), sentences.rates()));
            }
            case OPT_OUT -> parts.addAll(List.of(sentences.stopped(), sentences.optIn()));
            default -> parts.addAll(List.of(sentences.started(), optOut, sentences.rates()));
        }
        String text = String.join(" ", parts);
        return Optional.of(brand == null ? text : brand.name() + ": " + text);
    }

    /** The customer's language if the brand speaks it, else the brand's, else English. */
    private static String language(Brand brand, String customerLocale) {
        Optional<String> customer = LocaleTags.lenient(customerLocale).map(LocaleTags::language);
        if (customer.isPresent() && (brand == null ? BUILT_IN.containsKey(customer.get()) : brand.speaks(customer.get()))) {
            return customer.get();
        }
        return brand == null ? FALLBACK_LANGUAGE : LocaleTags.language(LocaleTags.lenient(brand.locale())
                .orElse(FALLBACK_LANGUAGE));
    }
}
