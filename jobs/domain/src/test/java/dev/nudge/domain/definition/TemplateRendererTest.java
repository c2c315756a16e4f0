package dev.nudge.domain.definition;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateRendererTest {

    private static final Map<String, String> TEMPLATES = Map.of(
            "en-US", "us", "en-GB", "gb", "es-US", "es-us", "es", "es", "fr-FR", "fr-fr", "fr-CA", "fr-ca");
    private static final TemplateValues BEANS =
            new TemplateValues("Ana", "Ethiopia Guji 340 g", 1250L, "USD", "https://demo.example/p/guji");

    @Test
    void picksTheExactLocaleFirst() {
        assertThat(Templates.pick(TEMPLATES, "en-GB", "en-US")).contains(new LocalizedTemplate("en-GB", "gb"));
        assertThat(Templates.pick(TEMPLATES, "es_US", "en-US")).contains(new LocalizedTemplate("es-US", "es-us"));
        assertThat(Templates.pick(TEMPLATES, "EN-gb", "en-US")).contains(new LocalizedTemplate("en-GB", "gb"));
    }

    @Test
    void fallsBackToTheSameLanguage() {
        // the default locale wins among same-language templates, otherwise the alphabetically first tag
        assertThat(Templates.pick(TEMPLATES, "en-AU", "en-US")).contains(new LocalizedTemplate("en-US", "us"));
        assertThat(Templates.pick(TEMPLATES, "es-MX", "en-US")).contains(new LocalizedTemplate("es", "es"));
        assertThat(Templates.pick(TEMPLATES, "fr-BE", "en-US")).contains(new LocalizedTemplate("fr-CA", "fr-ca"));
        assertThat(Templates.pick(Map.of("en-US", "us", "es-US", "es-us"), "es-MX", "en-US"))
                .contains(new LocalizedTemplate("es-US", "es-us"));
    }

    @Test
    void fallsBackToTheDefaultLocale() {
        assertThat(Templates.pick(TEMPLATES, "de-DE", "en-US")).contains(new LocalizedTemplate("en-US", "us"));
        assertThat(Templates.pick(TEMPLATES, null, "en-US")).contains(new LocalizedTemplate("en-US", "us"));
        assertThat(Templates.pick(TEMPLATES, "not a tag!", "en-US")).contains(new LocalizedTemplate("en-US", "us"));
        assertThat(Templates.pick(Map.of("es", "es"), "de", "en-US")).isEmpty();
    }

    @Test
    void fillsEveryVariable() {
        var template = new LocalizedTemplate("en-US",
                "Hi {firstName}, your beans should last about a week more. Another bag of {productName} is {price}: {link}");

        assertThat(TemplateRenderer.render(template, "en-US", BEANS)).isEqualTo(new RenderOutcome.Rendered(
                "Hi Ana, your beans should last about a week more. Another bag of Ethiopia Guji 340 g is $12.50: "
                        + "https://demo.example/p/guji", "en-US", "A"));
    }

    @Test
    void dropsAMissingFirstNameWithoutLeavingAGap() {
        var noName = new TemplateValues(null, "Guji", 1250L, "USD", "https://x.test/g");

        assertThat(text("Hi {firstName}, your beans should last a week more.", noName))
                .isEqualTo("Hi, your beans should last a week more.");
        assertThat(text("Thanks for renewing, {firstName}! Details: {link}", noName))
                .isEqualTo("Thanks for renewing! Details: https://x.test/g");
        assertThat(text("{firstName}, your {productName} is on its way.", noName))
                .isEqualTo("Your Guji is on its way.");
        assertThat(text("Good news. {firstName}, your order shipped.", noName))
                .isEqualTo("Good news. Your order shipped.");
        assertThat(text("Hey {firstName}! Your {productName} is back.", noName))
                .isEqualTo("Hey! Your Guji is back.");
        assertThat(text("See you soon {firstName}", noName)).isEqualTo("See you soon");
        assertThat(text("Hi {firstName}, hello", TemplateValues.nameOnly("   "))).isEqualTo("Hi, hello");
        assertThat(text("Hi {firstName}, hello", TemplateValues.nameOnly(" Ana "))).isEqualTo("Hi Ana, hello");
    }

    @Test
    void reportsMissingItemValuesInsteadOfSendingAHole() {
        var noLink = new TemplateValues("Ana", "Guji", 1250L, "USD", null);
        var nothing = TemplateValues.nameOnly("Ana");

        assertThat(TemplateRenderer.render(new LocalizedTemplate("en-US", "{productName}: {link}"), "en-US", noLink))
                .isEqualTo(new RenderOutcome.Missing(Set.of("link")));
        assertThat(TemplateRenderer.render(new LocalizedTemplate("en-US", "{productName} at {price}"), "en-US", nothing))
                .isEqualTo(new RenderOutcome.Missing(Set.of("productName", "price")));
        assertThat(TemplateRenderer.render(new LocalizedTemplate("en-US", "{price}"), "en-US",
                new TemplateValues(null, null, 100L, "XYZ", null)))
                .isEqualTo(new RenderOutcome.Missing(Set.of("price")));
    }

    @Test
    void formatsPricesForTheLocale() {
        assertThat(TemplateRenderer.formatPrice(1250, "USD", Locale.US)).contains("$12.50");
        assertThat(TemplateRenderer.formatPrice(1250, "GBP", Locale.UK)).contains("£12.50");
        assertThat(TemplateRenderer.formatPrice(1250, "JPY", Locale.US)).contains("¥1,250");
        // German puts a no-break space before the euro sign; texts get a plain space to stay in the GSM alphabet
        assertThat(TemplateRenderer.formatPrice(123456, "EUR", Locale.GERMANY)).contains("1.234,56 €");
        assertThat(TemplateRenderer.formatPrice(1250, "NOPE", Locale.US)).isEmpty();
    }

    @Test
    void formatsThePriceInTheLanguageTheTextIsWrittenIn() {
        var template = new LocalizedTemplate("en-US", "Only {price}");
        var pounds = new TemplateValues(null, null, 1250L, "GBP", null);
        var dollars = new TemplateValues(null, null, 1250L, "USD", null);

        assertThat(text(template, "en-GB", pounds)).isEqualTo("Only £12.50");
        assertThat(text(template, "de-DE", dollars)).isEqualTo("Only $12.50");
    }

    @Test
    void rendersTheCustomersVariantAndLocale() {
        SequenceDefinition d = Definitions.accepted(Definitions.resource("every-field.yaml"));

        var b = TemplateRenderer.render(d, 1, "B", "en-US", BEANS);
        var unknownVariant = TemplateRenderer.render(d, 1, "Z", "en-US", BEANS);
        var spanish = TemplateRenderer.render(d, 0, "A", "es-US", BEANS);

        assertThat(b).isEqualTo(new RenderOutcome.Rendered(
                "Freshly ground tastes best with Ethiopia Guji 340 g ($12.50), Ana: https://demo.example/p/guji", "en-US", "B"));
        assertThat(unknownVariant).isInstanceOf(RenderOutcome.Rendered.class);
        assertThat(((RenderOutcome.Rendered) unknownVariant).variantId()).isEqualTo("A");
        assertThat(spanish).isEqualTo(new RenderOutcome.Rendered(
                "Hola Ana, ¿qué tal el molinillo? Ethiopia Guji 340 g ($12.50) lo mantiene limpio: https://demo.example/p/guji",
                "es", "A"));
    }

    @Test
    void listsVariablesInOrderOfFirstUse() {
        assertThat(Templates.variablesIn("{link} {firstName} {link} {price}")).containsExactly("link", "firstName", "price");
        assertThat(Templates.variablesIn("no variables")).isEmpty();
    }

    private static String text(String template, TemplateValues values) {
        return text(new LocalizedTemplate("en-US", template), "en-US", values);
    }

    private static String text(LocalizedTemplate template, String recipientLocale, TemplateValues values) {
        var outcome = TemplateRenderer.render(template, recipientLocale, values);
        assertThat(outcome).isInstanceOf(RenderOutcome.Rendered.class);
        return ((RenderOutcome.Rendered) outcome).text();
    }
}
