package dev.nudge.domain.definition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Reads sequence definitions written in JSON or YAML (docs/sequence-definition.md) and writes their canonical
 * JSON, which is what the Avro SequenceDefinition envelope carries as its document. Thread-safe.
 */
public final class DefinitionParser {

    public static final int MAX_DOCUMENT_LENGTH = 64_000;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());

    private DefinitionParser() {}

    /** Reads a document; text that starts with "{" is read as JSON, anything else as YAML. */
    public static DefinitionParseResult parse(String text) {
        if (text == null || text.isBlank()) {
            return new DefinitionParseResult.Rejected(List.of("the definition is empty"));
        }
        if (text.length() > MAX_DOCUMENT_LENGTH) {
            return new DefinitionParseResult.Rejected(List.of(
                    "the definition is " + text.length() + " characters, at most " + MAX_DOCUMENT_LENGTH));
        }
        boolean json = text.stripLeading().startsWith("{");
        JsonNode root;
        try {
            root = (json ? JSON : YAML).readTree(text);
        } catch (JsonProcessingException e) {
            return new DefinitionParseResult.Rejected(List.of(syntaxError(json, e)));
        }
        if (root == null || !root.isObject()) {
            return new DefinitionParseResult.Rejected(List.of("the definition must be a mapping of keys to values"));
        }
        var problems = new Problems();
        SequenceDefinition definition = DefinitionReader.read(new NodeReader(root, "", problems));
        var reasons = new ArrayList<>(problems.reasons());
        DefinitionRules.reasons(definition).stream()
                .filter(reason -> !problems.alreadyExplains(reason))
                .forEach(reasons::add);
        if (!reasons.isEmpty()) {
            return new DefinitionParseResult.Rejected(reasons.stream().map(Reason::toString).toList());
        }
        return new DefinitionParseResult.Accepted(definition, DefinitionRules.warnings(definition));
    }

    /**
     * Reads the document of an Avro SequenceDefinition envelope and checks that the envelope's keys agree with it,
     * so a record cannot file a definition under another id, version or brand.
     */
    public static DefinitionParseResult parseDocument(String sequenceId, int version, String brandId, String document) {
        DefinitionParseResult result = parse(document);
        if (!(result instanceof DefinitionParseResult.Accepted accepted)) {
            return result;
        }
        SequenceDefinition definition = accepted.definition();
        var mismatches = new ArrayList<String>();
        if (!Objects.equals(sequenceId, definition.id())) {
            mismatches.add("id: the envelope says \"" + sequenceId + "\" but the document says \"" + definition.id() + "\"");
        }
        if (version != definition.version()) {
            mismatches.add("version: the envelope says " + version + " but the document says " + definition.version());
        }
        if (!Objects.equals(brandId, definition.brandId())) {
            mismatches.add("brandId: the envelope says \"" + brandId + "\" but the document says \"" + definition.brandId() + "\"");
        }
        return mismatches.isEmpty() ? result : new DefinitionParseResult.Rejected(mismatches);
    }

    /** The canonical JSON of a definition; {@link #parse} reads it back to an equal definition. */
    public static String toJson(SequenceDefinition definition) {
        return DefinitionJson.write(definition);
    }

    /** "line 3, column 7: what went wrong", without the parser's echo of the source. */
    private static String syntaxError(boolean json, JsonProcessingException e) {
        String message = Arrays.stream(e.getOriginalMessage().split("\n"))
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .collect(Collectors.joining("; "));
        var location = e.getLocation();
        String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return "not valid " + (json ? "JSON" : "YAML") + where + ": " + message;
    }
}
