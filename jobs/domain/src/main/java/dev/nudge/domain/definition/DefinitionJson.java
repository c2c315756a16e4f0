package dev.nudge.domain.definition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical JSON form of a definition: every field written with its resolved value, keys in documented order,
 * sets and maps sorted. Equal definitions give equal text, and the text parses back to an equal definition.
 */
final class DefinitionJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DefinitionJson() {}

    static String write(SequenceDefinition d) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("id", d.id());
        root.put("version", d.version());
        root.put("status", d.status().name());
        root.put("brandId", d.brandId());
        putSorted(root, "locationIds", d.locationIds());
        root.put("priority", d.priority());
        root.put("subject", d.subject());
        root.set("trigger", trigger(d.trigger()));
        var steps = root.putArray("steps");
        d.steps().forEach(step -> steps.add(step(step)));
        var exits = root.putArray("exits");
        d.exits().stream().sorted().forEach(rule -> exits.add(rule.name()));
        var reentry = root.putObject("reentry");
        reentry.put("policy", d.reentry().policy().name());
        if (d.reentry().cooldown() != null) {
            reentry.put("cooldown", Durations.format(d.reentry().cooldown()));
        }
        root.put("maxTextsPerEntry", d.maxTextsPerEntry());
        root.put("holdoutPercent", d.holdoutPercent());
        root.put("attributionWindow", Durations.format(d.attributionWindow()));
        root.put("onNewVersion", d.onNewVersion().name());
        root.put("defaultLocale", d.defaultLocale());
        root.put("questionPauseTimeout", Durations.format(d.questionPauseTimeout()));
        root.put("conflictPolicy", d.conflictPolicy().name());
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private static ObjectNode trigger(Trigger trigger) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("type", trigger.type().name());
        if (!trigger.skus().isEmpty()) {
            putSorted(node, "skus", trigger.skus());
        }
        if (!trigger.categories().isEmpty()) {
            putSorted(node, "categories", trigger.categories());
        }
        if (trigger.minOrderTotalMinor() != null) {
            node.put("minOrderTotalMinor", trigger.minOrderTotalMinor());
        }
        if (trigger.milestone() != null) {
            node.put("milestone", trigger.milestone());
        }
        if (trigger.daysBefore() != null) {
            node.put("daysBefore", trigger.daysBefore());
        }
        if (trigger.abandonWindow() != null) {
            node.put("abandonWindow", Durations.format(trigger.abandonWindow()));
        }
        return node;
    }

    private static ObjectNode step(Step step) {
        ObjectNode node = MAPPER.createObjectNode();
        ObjectNode delay = node.putObject("delay");
        if (step.delay() instanceof Delay.After after) {
            delay.put("after", Durations.format(after.duration()));
        } else if (step.delay() instanceof Delay.NextDayAt nextDayAt) {
            delay.put("nextDayAt", nextDayAt.time().format(NodeReader.TIME_OF_DAY));
        } else if (step.delay() instanceof Delay.BeforeRunOut beforeRunOut) {
            delay.put("beforeRunOut", Durations.format(beforeRunOut.duration()));
        }
        node.put("offer", step.offer().name());
        if (step.hasVariants()) {
            ObjectNode variants = node.putObject("variants");
            new TreeMap<>(step.variants()).forEach((id, templates) -> variants.set(id, templates(templates)));
        } else {
            node.set("templates", templates(step.templates()));
        }
        VariantAllocation allocation = step.allocation();
        if (allocation.isThompson()) {
            node.put("allocation", allocation.policy().name());
            ObjectNode bandit = node.putObject("bandit");
            bandit.put("metric", allocation.metric().name());
            bandit.put("minSharePercent", allocation.minSharePercent());
            if (allocation.revenueCapMinor() != null) {
                bandit.put("revenueCapMinor", allocation.revenueCapMinor());
            }
            bandit.put("optOutCost", allocation.optOutCost());
            bandit.put("onNewVersion", allocation.onNewVersion().name());
        }
        return node;
    }

    private static ObjectNode templates(Map<String, String> byLocale) {
        ObjectNode node = MAPPER.createObjectNode();
        new TreeMap<>(byLocale).forEach(node::put);
        return node;
    }

    private static void putSorted(ObjectNode node, String key, Collection<String> values) {
        var array = node.putArray(key);
        values.stream().sorted().forEach(array::add);
    }
}
