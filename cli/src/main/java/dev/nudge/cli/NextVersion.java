package dev.nudge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.domain.definition.DefinitionParseResult;
import dev.nudge.domain.definition.DefinitionParser;
import java.time.Duration;
import java.util.List;

/**
 * The next version of a definition document: the published document (YAML or JSON) with the recommended edits and
 * the version one higher, written as YAML, and checked with the sequencer's own rules before anyone publishes it.
 * Fields nobody recommended changing stay as they were written.
 */
final class NextVersion {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private NextVersion() {}

    static String write(String document, List<Tuning.Recommendation> recommendations) {
        ObjectNode next;
        try {
            next = (ObjectNode) YAML.readTree(document);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new UserError("the definition is not a YAML or JSON mapping: " + e.getMessage());
        }
        next.put("version", next.path("version").asInt() + 1);
        recommendations.forEach(recommendation -> recommendation.change().accept(next));
        String yaml;
        try {
            yaml = YAML.writeValueAsString(next);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML", e);
        }
        if (DefinitionParser.parse(yaml) instanceof DefinitionParseResult.Rejected rejected) {
            throw new IllegalStateException("the next version breaks the rules: " + rejected.reasons());
        }
        return yaml;
    }

    static void removeVariant(ObjectNode document, int step, String variant) {
        JsonNode variants = document.path("steps").path(step).path("variants");
        if (variants instanceof ObjectNode editable) {
            editable.remove(variant);
        }
    }

    static void setDelay(ObjectNode document, int step, Duration delay) {
        JsonNode node = document.path("steps").path(step);
        if (node instanceof ObjectNode editable) {
            editable.putObject("delay").put("after", iso(delay));
        }
    }

    /** P2D rather than PT48H for whole days, as people write them. */
    static String iso(Duration duration) {
        return duration.toSeconds() % 86_400 == 0 ? "P" + duration.toDays() + "D" : duration.toString();
    }

    static void setHoldout(ObjectNode document, int percent) {
        document.put("holdoutPercent", percent);
    }
}
