package dev.nudge.domain.definition;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;

/**
 * Fills templates. Prices are formatted for the recipient's locale when the template is in the recipient's
 * language, otherwise for the template's locale, so the text never mixes conventions; no-break spaces some
 * locales use are written as plain spaces to keep the text in the GSM alphabet.
 *
 * <p>A missing first name is dropped cleanly instead of leaving a gap: "Hi {firstName}, your beans…" becomes
 * "Hi, your beans…", "Thanks for renewing, {firstName}!" becomes "Thanks for renewing!", and "{firstName}, your
 * beans…" becomes "Your beans…".
 */
public final class TemplateRenderer {

    private TemplateRenderer() {}

    /**
     * Renders step stepIndex of a definition for one recipient.
     *
     * @param variantId       the customer's variant (see {@link Assignment}); a step without it uses variant A
     * @param recipientLocale the customer's locale tag, null if unknown
     */
    public static RenderOutcome render(SequenceDefinition definition, int stepIndex, String variantId,
                                       String recipientLocale, TemplateValues values) {
        Step step = definition.step(stepIndex);
        String variant = step.variants().containsKey(variantId) ? variantId : Step.DEFAULT_VARIANT;
        LocalizedTemplate template = Templates.pick(step.templates(variant), recipientLocale, definition.defaultLocale())
                .orElseThrow(() -> new IllegalArgumentException("step " + stepIndex + " of " + definition.id()
                        + " has no template for its default locale; was the definition validated?"));
        RenderOutcome outcome = render(template, recipientLocale, values);
        return outcome instanceof RenderOutcome.Rendered rendered
                ? new RenderOutcome.Rendered(rendered.text(), rendered.locale(), variant)
                : outcome;
    }

    /** Renders one template; the outcome's variantId is {@value Step#DEFAULT_VARIANT}. */
    public static RenderOutcome render(LocalizedTemplate template, String recipientLocale, TemplateValues values) {
        Locale formatLocale = formatLocale(template.locale(), recipientLocale);
        var parts = Templates.parts(template.text());
        var missing = new LinkedHashSet<String>();
        for (Templates.Part part : parts) {
            if (part instanceof Templates.Part.Variable variable && !variable.name().equals("firstName")
                    && value(variable.name(), values, formatLocale).isEmpty()) {
                missing.add(variable.name());
            }
        }
        if (!missing.isEmpty()) {
            return new RenderOutcome.Missing(missing);
        }
        var text = new StringBuilder();
        boolean capitalizeNext = false;
        for (Templates.Part part : parts) {
            if (part instanceof Templates.Part.Variable variable) {
                var value = value(variable.name(), values, formatLocale);
                if (value.isPresent()) {
                    text.append(value.get());
                    capitalizeNext = false;
                } else {
                    capitalizeNext = dropName(text);
                }
            } else {
                String literal = ((Templates.Part.Literal) part).text();
                text.append(capitalizeNext ? startSentence(literal) : literal);
                capitalizeNext = false;
            }
        }
        return new RenderOutcome.Rendered(text.toString().strip(), template.locale(), Step.DEFAULT_VARIANT);
    }

    /** Formats minor units of a currency for a locale, e.g. 1250 USD in en-US → "$12.50". */
    public static Optional<String> formatPrice(long priceMinor, String currencyCode, Locale locale) {
        Currency currency;
        try {
            currency = Currency.getInstance(currencyCode);
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
        int digits = Math.max(currency.getDefaultFractionDigits(), 0);
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(currency);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        String formatted = format.format(BigDecimal.valueOf(priceMinor, digits));
        return Optional.of(formatted.replace('\u00A0', ' ').replace('\u202F', ' '));
    }

    private static Optional<String> value(String name, TemplateValues values, Locale locale) {
        return switch (name) {
            case "firstName" -> present(values.firstName());
            case "productName" -> present(values.productName());
            case "link" -> present(values.link());
            case "price" -> values.priceMinor() == null
                    ? Optional.empty()
                    : formatPrice(values.priceMinor(), values.currency(), locale);
            default -> Optional.empty();
        };
    }

    private static Optional<String> present(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /**
     * Removes the gap a missing name leaves: the space before it, and a comma that only introduced it. Returns
     * true when the name opened a sentence, so the punctuation after it goes and the next word is capitalized.
     */
    private static boolean dropName(StringBuilder text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == ' ') {
            end--;
        }
        boolean opensSentence = end == 0 || ".!?\n".indexOf(text.charAt(end - 1)) >= 0;
        if (!opensSentence && text.charAt(end - 1) == ',') {
            end--;
        }
        text.setLength(end);
        if (opensSentence && end > 0 && text.charAt(end - 1) != '\n') {
            text.append(' ');
        }
        return opensSentence;
    }

    /** Text that followed a dropped opening name: without its leading punctuation, first letter capitalized. */
    private static String startSentence(String literal) {
        int start = 0;
        while (start < literal.length() && (literal.charAt(start) == ' ' || ",;:!-".indexOf(literal.charAt(start)) >= 0)) {
            start++;
        }
        String rest = literal.substring(start);
        return rest.isEmpty() ? rest : rest.substring(0, 1).toUpperCase(Locale.ROOT) + rest.substring(1);
    }

    private static Locale formatLocale(String templateLocale, String recipientLocale) {
        return LocaleTags.lenient(recipientLocale)
                .filter(recipient -> LocaleTags.language(recipient).equals(LocaleTags.language(templateLocale)))
                .map(LocaleTags::toLocale)
                .orElse(LocaleTags.toLocale(templateLocale));
    }
}
