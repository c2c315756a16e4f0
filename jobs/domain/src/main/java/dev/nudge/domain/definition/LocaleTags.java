package dev.nudge.domain.definition;

import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Optional;

/** BCP 47 language tags as definitions use them (en-US, es, fr-CA), in their canonical spelling. */
public final class LocaleTags {

    private LocaleTags() {}

    /** The canonical spelling of a well-formed tag with a language ("en-us" → "en-US"), empty otherwise. */
    static Optional<String> canonical(String tag) {
        if (tag == null || tag.isBlank()) {
            return Optional.empty();
        }
        try {
            Locale locale = new Locale.Builder().setLanguageTag(tag).build();
            return locale.getLanguage().isEmpty() ? Optional.empty() : Optional.of(locale.toLanguageTag());
        } catch (IllformedLocaleException e) {
            return Optional.empty();
        }
    }

    /** Like {@link #canonical} but also accepts the Java spelling en_US, as customer profiles may carry it. */
    public static Optional<String> lenient(String tag) {
        return tag == null ? Optional.empty() : canonical(tag.replace('_', '-'));
    }

    public static String language(String canonicalTag) {
        return Locale.forLanguageTag(canonicalTag).getLanguage();
    }

    static Locale toLocale(String canonicalTag) {
        return Locale.forLanguageTag(canonicalTag);
    }
}
