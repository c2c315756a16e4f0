package dev.nudge.domain.definition;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One node of a parsed document with its path. Every read reports a type error as a reason at the node's path
 * and returns null, so reading goes on and collects all reasons.
 */
final class NodeReader {

    static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm").withResolverStyle(ResolverStyle.STRICT);

    private final JsonNode node;
    private final String path;
    private final Problems problems;

    NodeReader(JsonNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    Problems problems() {
        return problems;
    }

    void reject(String message) {
        problems.reject(path, message);
    }

    /** The value under key, or null when the key is absent or explicitly null. Assumes a mapping. */
    NodeReader field(String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : new NodeReader(value, childPath(key), problems);
    }

    boolean has(String key) {
        return field(key) != null;
    }

    String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean expectMapping() {
        if (!node.isObject()) {
            reject("must be a mapping of keys to values, got " + describe(node));
            return false;
        }
        return true;
    }

    /** Reports every key outside the known ones. */
    void allowOnly(List<String> known) {
        node.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                problems.reject(childPath(key), "unknown key (known: " + String.join(", ", known) + ")");
            }
        });
    }

    /** The entries of a mapping in document order, or null when this is not a mapping. */
    Map<String, NodeReader> entries() {
        if (!expectMapping()) {
            return null;
        }
        var entries = new LinkedHashMap<String, NodeReader>();
        node.fields().forEachRemaining(entry ->
                entries.put(entry.getKey(), new NodeReader(entry.getValue(), childPath(entry.getKey()), problems)));
        return entries;
    }

    /** The elements of a list, or null when this is not a list. */
    List<NodeReader> elements() {
        if (!node.isArray()) {
            reject("must be a list, got " + describe(node));
            return null;
        }
        var elements = new ArrayList<NodeReader>();
        for (int i = 0; i < node.size(); i++) {
            elements.add(new NodeReader(node.get(i), path + "[" + i + "]", problems));
        }
        return elements;
    }

    String text() {
        if (!node.isTextual()) {
            reject("must be text, got " + describe(node) + (node.isValueNode() ? " (put it in quotes)" : ""));
            return null;
        }
        return node.textValue();
    }

    Integer integer() {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            reject("must be a whole number, got " + describe(node));
            return null;
        }
        return node.intValue();
    }

    Long wholeNumber() {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            reject("must be a whole number, got " + describe(node));
            return null;
        }
        return node.longValue();
    }

    Duration duration() {
        String text = text();
        if (text == null) {
            return null;
        }
        var duration = Durations.parse(text);
        if (duration.isEmpty()) {
            reject(DefinitionRules.quote(text) + " is not an ISO-8601 duration");
            return null;
        }
        return duration.get();
    }

    LocalTime timeOfDay() {
        String text = text();
        if (text == null) {
            return null;
        }
        try {
            return LocalTime.parse(text, TIME_OF_DAY);
        } catch (DateTimeParseException e) {
            reject(DefinitionRules.quote(text) + " is not a time of day HH:MM");
            return null;
        }
    }

    <E extends Enum<E>> E choice(Class<E> type) {
        String text = text();
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            reject("unknown " + DefinitionRules.quote(text) + " (expected one of "
                    + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")) + ")");
            return null;
        }
    }

    /** A list of texts without duplicates, in document order; unreadable elements are reported and left out. */
    Set<String> texts() {
        var elements = elements();
        if (elements == null) {
            return null;
        }
        var texts = new LinkedHashSet<String>();
        for (NodeReader element : elements) {
            String text = element.text();
            if (text != null) {
                texts.add(text);
            }
        }
        return texts;
    }

    <E extends Enum<E>> Set<E> choices(Class<E> type) {
        var elements = elements();
        if (elements == null) {
            return null;
        }
        var values = new LinkedHashSet<E>();
        for (NodeReader element : elements) {
            E value = element.choice(type);
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    private static String describe(JsonNode node) {
        if (node.isTextual()) {
            return DefinitionRules.quote(node.textValue());
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        return node.toString();
    }
}
