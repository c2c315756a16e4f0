package dev.nudge.domain.definition;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every example under sequences/ at the repository root is a valid, ready-to-publish definition. */
class ExampleSequencesTest {

    private static final TemplateValues SAMPLE =
            new TemplateValues("Ana", "Ethiopia Guji 340 g", 1850L, "USD", "https://demo.example/p/guji");

    @Test
    void everyExampleIsAccepted() throws IOException {
        Map<String, SequenceDefinition> examples = examples();

        assertThat(examples).containsKeys("coffee-checkout-addon.yaml", "refill-reminder.yaml", "browse-abandon.yaml",
                "membership-upgrade.yaml");
        examples.forEach((file, definition) -> {
            assertThat(file).isEqualTo(definition.id() + ".yaml");
            assertThat(definition.status()).as(file).isEqualTo(DefinitionStatus.LIVE);
            assertThat(Definitions.accepted(DefinitionParser.toJson(definition))).as(file).isEqualTo(definition);
        });
    }

    @Test
    void englishTextsStayInTheGsmAlphabet() throws IOException {
        for (Path file : exampleFiles()) {
            assertThat(Definitions.warnings(Files.readString(file, StandardCharsets.UTF_8)))
                    .as(file.getFileName().toString())
                    .noneMatch(warning -> warning.contains(".en-US") || warning.startsWith("exits"));
        }
    }

    @Test
    void examplesDoWhatTheirNamesSay() throws IOException {
        Map<String, SequenceDefinition> examples = examples();

        var coffee = examples.get("coffee-checkout-addon.yaml");
        assertThat(coffee.trigger().type()).isEqualTo(TriggerType.CHECKOUT);
        assertThat(coffee.trigger().categories()).containsExactly("coffee");
        assertThat(coffee.steps()).extracting(Step::delay).containsExactly(
                Delay.after(Duration.ofDays(2)), Delay.nextDayAt(LocalTime.of(10, 0)));
        assertThat(coffee.step(0).offer()).isNotEqualTo(coffee.step(1).offer());

        var refill = examples.get("refill-reminder.yaml");
        assertThat(refill.trigger().daysBefore()).isEqualTo(5);
        assertThat(refill.steps()).singleElement().extracting(Step::offer).isEqualTo(OfferStrategy.REFILL);

        assertThat(examples.get("browse-abandon.yaml").trigger().type()).isEqualTo(TriggerType.BROWSE_ABANDON);
        var upgrade = examples.get("membership-upgrade.yaml");
        assertThat(upgrade.trigger().type()).isEqualTo(TriggerType.RENEWAL);
        assertThat(upgrade.step(0).offer()).isEqualTo(OfferStrategy.TIER_UPGRADE);
    }

    @Test
    void everyTemplateRendersToAShortTextWithoutOptOutBoilerplate() throws IOException {
        examples().forEach((file, definition) -> {
            for (int i = 0; i < definition.steps().size(); i++) {
                Step step = definition.step(i);
                for (String variant : step.variantIds()) {
                    for (String locale : step.templates(variant).keySet()) {
                        var outcome = TemplateRenderer.render(definition, i, variant, locale, SAMPLE);
                        assertThat(outcome).as("%s step %d %s %s", file, i, variant, locale)
                                .isInstanceOf(RenderOutcome.Rendered.class);
                        String text = ((RenderOutcome.Rendered) outcome).text();
                        assertThat(text).as(file).doesNotContain("{", "}").doesNotContainIgnoringCase("stop");
                        assertThat(text.length()).as(file + ": " + text).isLessThanOrEqualTo(Templates.MAX_LENGTH);
                    }
                }
            }
        });
    }

    private static Map<String, SequenceDefinition> examples() throws IOException {
        var definitions = new LinkedHashMap<String, SequenceDefinition>();
        for (Path file : exampleFiles()) {
            DefinitionParseResult result = DefinitionParser.parse(Files.readString(file, StandardCharsets.UTF_8));
            assertThat(result).as("%s: %s", file.getFileName(), result).isInstanceOf(DefinitionParseResult.Accepted.class);
            definitions.put(file.getFileName().toString(), ((DefinitionParseResult.Accepted) result).definition());
        }
        return definitions;
    }

    private static List<Path> exampleFiles() throws IOException {
        String root = System.getProperty("nudge.root");
        assertThat(root).as("system property nudge.root (set by the build)").isNotBlank();
        Path folder = Path.of(root, "sequences");
        assertThat(folder).isDirectory();
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
