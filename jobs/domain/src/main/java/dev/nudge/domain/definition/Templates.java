package dev.nudge.domain.definition;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Template syntax and locale choice. A template is text with variables in braces: {firstName}, {productName},
 * {price}, {link}. Braces have no other use and cannot be escaped.
 */
public final class Templates {

    public static final List<String> VARIABLES = List.of("firstName", "productName", "price", "link");
    /** Variables filled from the offered item; a step with offer NONE cannot use them. */
    public static final Set<String> ITEM_VARIABLES = Set.of("productName", "price", "link");
    /** Longest template accepted, measured with variables at their typical length: two SMS segments. */
    public static final int MAX_LENGTH = 320;
    /** Length assumed for each variable when measuring a template. */
    public static final Map<String, Integer> TYPICAL_LENGTH =
            Map.of("firstName", 10, "productName", 30, "price", 8, "link", 24);

    private Templates() {}

    /**
     * The template to send to a recipient: the exact locale tag, else one in the same language (the default
     * locale's if it shares that language, else the alphabetically first tag), else the default locale.
     * Empty only if the templates lack the default locale, which validation rules out.
     *
     * @param recipientLocale the customer's locale tag (en-US or en_US), null if unknown
     */
    public static Optional<LocalizedTemplate> pick(Map<String, String> byLocale, String recipientLocale,
                                                   String defaultLocale) {
        var wanted = LocaleTags.lenient(recipientLocale);
        if (wanted.isPresent()) {
            String tag = wanted.get();
            if (byLocale.containsKey(tag)) {
                return Optional.of(new LocalizedTemplate(tag, byLocale.get(tag)));
            }
            String language = LocaleTags.language(tag);
            if (byLocale.containsKey(defaultLocale) && LocaleTags.language(defaultLocale).equals(language)) {
                return Optional.of(new LocalizedTemplate(defaultLocale, byLocale.get(defaultLocale)));
            }
            var sameLanguage = byLocale.keySet().stream()
                    .filter(candidate -> LocaleTags.language(candidate).equals(language))
                    .sorted()
                    .findFirst();
            if (sameLanguage.isPresent()) {
                return Optional.of(new LocalizedTemplate(sameLanguage.get(), byLocale.get(sameLanguage.get())));
            }
        }
        return Optional.ofNullable(byLocale.get(defaultLocale)).map(text -> new LocalizedTemplate(defaultLocale, text));
    }

    /** The distinct variable names a template uses, in order of first use. */
    public static List<String> variablesIn(String template) {
        var names = new LinkedHashSet<String>();
        for (Part part : parts(template)) {
            if (part instanceof Part.Variable variable) {
                names.add(variable.name());
            }
        }
        return List.copyOf(names);
    }

    /** Brace errors, each as a message without path; empty when the template is well-formed. */
    static List<String> syntaxProblems(String template) {
        var problems = new ArrayList<String>();
        int open = -1;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '{') {
                if (open >= 0) {
                    problems.add("\"{\" at position " + open + " is not closed before the next \"{\"");
                }
                open = i;
            } else if (c == '}') {
                if (open < 0) {
                    problems.add("\"}\" at position " + i + " has no matching \"{\"");
                } else if (i == open + 1) {
                    problems.add("empty variable {} at position " + open);
                }
                open = -1;
            }
        }
        if (open >= 0) {
            problems.add("\"{\" at position " + open + " is never closed");
        }
        return problems;
    }

    /** Length of the template with each variable counted at its typical length (unknown ones at their own length). */
    static int typicalLength(String template) {
        int length = 0;
        for (Part part : parts(template)) {
            if (part instanceof Part.Variable variable) {
                length += TYPICAL_LENGTH.getOrDefault(variable.name(), variable.name().length() + 2);
            } else {
                length += ((Part.Literal) part).text().length();
            }
        }
        return length;
    }

    /** Splits a template into text and variables; a brace without partner is kept as text. */
    static List<Part> parts(String template) {
        var parts = new ArrayList<Part>();
        int start = 0;
        while (start < template.length()) {
            int open = template.indexOf('{', start);
            int close = open < 0 ? -1 : template.indexOf('}', open);
            int nextOpen = open < 0 ? -1 : template.indexOf('{', open + 1);
            if (open < 0 || close < 0) {
                parts.add(new Part.Literal(template.substring(start)));
                break;
            }
            if (nextOpen >= 0 && nextOpen < close) {
                parts.add(new Part.Literal(template.substring(start, nextOpen)));
                start = nextOpen;
                continue;
            }
            if (open > start) {
                parts.add(new Part.Literal(template.substring(start, open)));
            }
            parts.add(new Part.Variable(template.substring(open + 1, close)));
            start = close + 1;
        }
        return parts;
    }

    sealed interface Part {
        record Literal(String text) implements Part {}

        record Variable(String name) implements Part {}
    }
}
