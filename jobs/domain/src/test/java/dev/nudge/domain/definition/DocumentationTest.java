package dev.nudge.domain.definition;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/sequence-definition.md stays in step with the parser: its example is valid and every key is documented. */
class DocumentationTest {

    @Test
    void theFullExampleIsAccepted() throws IOException {
        String doc = documentation();
        int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
        String example = doc.substring(start, doc.indexOf("```", start));

        SequenceDefinition definition = Definitions.accepted(example);

        assertThat(definition.id()).isEqualTo("coffee-checkout-addon");
        assertThat(definition.step(1).variantIds()).containsExactly("A", "B");
    }

    @Test
    void everyKeyIsDocumented() throws IOException {
        String doc = documentation();

        for (List<String> keys : List.of(DefinitionReader.TOP_LEVEL_KEYS, DefinitionReader.TRIGGER_KEYS,
                DefinitionReader.STEP_KEYS, DefinitionReader.REENTRY_KEYS, DefinitionReader.BANDIT_KEYS)) {
            for (String key : keys) {
                assertThat(doc).as("table row for %s", key).contains("| `" + key + "` |");
            }
        }
        for (String key : DefinitionReader.DELAY_KEYS) {
            assertThat(doc).as("delay %s", key).contains("- `" + key + ": ");
        }
        for (Enum<?>[] values : List.of(TriggerType.values(), OfferStrategy.values(), ExitRule.values())) {
            for (Enum<?> value : values) {
                assertThat(doc).as("table row for %s", value).contains("| `" + value.name() + "` |");
            }
        }
        assertThat(doc).contains("`" + SequenceDefinition.DEFAULT_LOCALE + "`", "at most **" + Templates.MAX_LENGTH);
    }

    private static String documentation() throws IOException {
        String root = System.getProperty("nudge.root");
        assertThat(root).as("system property nudge.root (set by the build)").isNotBlank();
        return Files.readString(Path.of(root, "docs", "sequence-definition.md"));
    }
}
