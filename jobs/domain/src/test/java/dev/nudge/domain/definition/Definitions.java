package dev.nudge.domain.definition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Test helpers: read fixtures and unwrap parse results with a readable failure. */
final class Definitions {

    private Definitions() {}

    static String resource(String name) {
        try (InputStream in = Definitions.class.getResourceAsStream("/definitions/" + name)) {
            assertThat(in).as("test resource definitions/%s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SequenceDefinition accepted(String text) {
        DefinitionParseResult result = DefinitionParser.parse(text);
        assertThat(result).isInstanceOf(DefinitionParseResult.Accepted.class);
        return ((DefinitionParseResult.Accepted) result).definition();
    }

    static List<String> warnings(String text) {
        DefinitionParseResult result = DefinitionParser.parse(text);
        assertThat(result).isInstanceOf(DefinitionParseResult.Accepted.class);
        return ((DefinitionParseResult.Accepted) result).warnings();
    }

    static List<String> rejected(String text) {
        DefinitionParseResult result = DefinitionParser.parse(text);
        assertThat(result).isInstanceOf(DefinitionParseResult.Rejected.class);
        return ((DefinitionParseResult.Rejected) result).reasons();
    }

    /** A valid definition built from its variable parts, each a YAML fragment. */
    static String yaml(String trigger, String steps, String more) {
        return """
                id: test-sequence
                version: 1
                status: LIVE
                brandId: demo
                trigger: %s
                steps:
                %s
                reentry: {policy: NEVER}
                %s
                """.formatted(trigger, steps.indent(2).stripTrailing(), more);
    }

    static String yaml(String trigger, String steps) {
        return yaml(trigger, steps, "");
    }

    static final String CHECKOUT = "{type: CHECKOUT}";

    static String step(String delay, String offer, String enUs) {
        return """
                - delay: %s
                  offer: %s
                  templates:
                    en-US: "%s"
                """.formatted(delay, offer, enUs);
    }
}
