package dev.nudge.domain.definition;

/**
 * What fills a template's variables. Any field may be null: firstName is optional in every template, the item
 * fields are required only by templates that use them. priceMinor is in the currency's minor units (cents).
 */
public record TemplateValues(String firstName, String productName, Long priceMinor, String currency, String link) {

    public static TemplateValues nameOnly(String firstName) {
        return new TemplateValues(firstName, null, null, null, null);
    }
}
