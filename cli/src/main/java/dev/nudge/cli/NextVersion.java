package dev.nudge.cli;

import dev.nudge.platform.cli.UserError;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.domain.definition.DefinitionParseResult;
import dev.nudge.domain.definition.DefinitionParser;
import dev.nudge.domain.definition.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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

    /**
     * Removes a step's variant. A step must keep a variant "A" (the default): when one wording is left it becomes the
     * step's plain {@code templates} (variant A from the next version on); when several are left and A is gone, the
     * first left in id order takes the id A.
     */
    static void removeVariant(ObjectNode document, int step, String variant) {
        JsonNode stepNode = document.path("steps").path(step);
        if (!(stepNode instanceof ObjectNode editableStep) || !(stepNode.path("variants") instanceof ObjectNode variants)) {
            return;
        }
        variants.remove(variant);
        List<String> left = new ArrayList<>();
        variants.fieldNames().forEachRemaining(left::add);
        Collections.sort(left);
        if (left.size() == 1) {
            editableStep.remove("variants");
            editableStep.set("templates", variants.get(left.get(0)));
        } else if (!left.isEmpty() && !variants.has(Step.DEFAULT_VARIANT)) {
            variants.set(Step.DEFAULT_VARIANT, variants.remove(left.get(0)));
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
