package dev.nudge.domain.definition;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns a parsed document into a definition, applying the documented defaults. Parts it cannot read are left
 * null (with a reason); {@link DefinitionRules} then judges the rest.
 */
final class DefinitionReader {

    static final List<String> TOP_LEVEL_KEYS = List.of("id", "version", "status", "brandId", "locationIds",
            "priority", "subject", "trigger", "steps", "exits", "reentry", "maxTextsPerEntry", "holdoutPercent",
            "attributionWindow", "onNewVersion", "defaultLocale", "questionPauseTimeout", "conflictPolicy");
    static final List<String> TRIGGER_KEYS = List.of("type", "skus", "categories", "minOrderTotalMinor", "milestone",
            "daysBefore", "abandonWindow");
    static final List<String> STEP_KEYS = List.of("delay", "offer", "templates", "variants", "allocation", "bandit");
    static final List<String> BANDIT_KEYS = List.of("metric", "minSharePercent", "revenueCapMinor", "optOutCost",
            "onNewVersion");
    static final List<String> DELAY_KEYS = List.of("after", "nextDayAt", "beforeRunOut");
    static final List<String> REENTRY_KEYS = List.of("policy", "cooldown");

    private DefinitionReader() {}

    static SequenceDefinition read(NodeReader root) {
        root.allowOnly(TOP_LEVEL_KEYS);
        Problems problems = root.problems();
        String id = value(root, "id", NodeReader::text, null);
        int version = requiredInt(root, "version");
        String subject = value(root, "subject", NodeReader::text, id);
        if (subject == null && !root.has("subject")) {
            problems.markUnread("subject");
        }
        Trigger trigger = value(root, "trigger", DefinitionReader::readTrigger, null);
        List<Step> steps = value(root, "steps", DefinitionReader::readSteps, null);
        Integer maxTexts = value(root, "maxTextsPerEntry", NodeReader::integer, steps == null ? null : steps.size());
        if (maxTexts == null) {
            problems.markUnread("maxTextsPerEntry");
        }
        return new SequenceDefinition(
                id,
                version,
                value(root, "status", node -> node.choice(DefinitionStatus.class), SequenceDefinition.DEFAULT_STATUS),
                value(root, "brandId", NodeReader::text, null),
                value(root, "locationIds", NodeReader::texts, Set.of()),
                intOr(root, "priority", 0),
                subject,
                trigger,
                steps,
                value(root, "exits", node -> node.choices(ExitRule.class), Set.of()),
                value(root, "reentry", DefinitionReader::readReentry, null),
                maxTexts == null ? 0 : maxTexts,
                intOr(root, "holdoutPercent", 0),
                value(root, "attributionWindow", NodeReader::duration, SequenceDefinition.DEFAULT_ATTRIBUTION_WINDOW),
                value(root, "onNewVersion", node -> node.choice(VersionPolicy.class), SequenceDefinition.DEFAULT_ON_NEW_VERSION),
                value(root, "defaultLocale", DefinitionReader::readLocale, SequenceDefinition.DEFAULT_LOCALE),
                value(root, "questionPauseTimeout", NodeReader::duration, SequenceDefinition.DEFAULT_QUESTION_PAUSE_TIMEOUT),
                value(root, "conflictPolicy", node -> node.choice(ConflictPolicy.class), SequenceDefinition.DEFAULT_CONFLICT_POLICY));
    }

    private static Trigger readTrigger(NodeReader node) {
        if (!node.expectMapping()) {
            return null;
        }
        node.allowOnly(TRIGGER_KEYS);
        return new Trigger(
                value(node, "type", field -> field.choice(TriggerType.class), null),
                value(node, "skus", NodeReader::texts, Set.of()),
                value(node, "categories", NodeReader::texts, Set.of()),
                value(node, "minOrderTotalMinor", NodeReader::wholeNumber, null),
                value(node, "milestone", NodeReader::text, null),
                value(node, "daysBefore", NodeReader::integer, null),
                value(node, "abandonWindow", NodeReader::duration, null));
    }

    private static List<Step> readSteps(NodeReader node) {
        var elements = node.elements();
        return elements == null ? null : elements.stream().map(DefinitionReader::readStep).toList();
    }

    private static Step readStep(NodeReader node) {
        if (!node.expectMapping()) {
            return new Step(null, null, null);
        }
        node.allowOnly(STEP_KEYS);
        Map<String, Map<String, String>> variants = null;
        if (node.has("templates")) {
            if (node.has("variants")) {
                node.field("variants").reject("give either templates or variants, not both");
            }
            Map<String, String> templates = readTemplates(node.field("templates"));
            variants = templates == null ? null : Map.of(Step.DEFAULT_VARIANT, templates);
        } else if (node.has("variants")) {
            variants = readVariants(node.field("variants"));
            if (variants == null) {
                node.problems().markUnread(node.childPath("templates"));
            }
        }
        return new Step(
                value(node, "delay", DefinitionReader::readDelay, null),
                value(node, "offer", field -> field.choice(OfferStrategy.class), OfferStrategy.NONE),
                variants,
                readAllocation(node));
    }

    /** The allocation policy and, for Thompson sampling, its settings from {@code bandit}. */
    private static VariantAllocation readAllocation(NodeReader step) {
        VariantAllocation.Policy policy = value(step, "allocation",
                field -> field.choice(VariantAllocation.Policy.class), VariantAllocation.Policy.HASH);
        if (policy != VariantAllocation.Policy.THOMPSON) {
            if (step.has("bandit")) {
                step.field("bandit").reject("only with allocation: THOMPSON");
            }
            return VariantAllocation.HASH;
        }
        VariantAllocation defaults = VariantAllocation.thompson();
        NodeReader bandit = step.field("bandit");
        if (bandit == null || !bandit.expectMapping()) {
            return defaults;
        }
        bandit.allowOnly(BANDIT_KEYS);
        return new VariantAllocation(policy,
                value(bandit, "metric", field -> field.choice(VariantAllocation.Metric.class), defaults.metric()),
                intOr(bandit, "minSharePercent", defaults.minSharePercent()),
                value(bandit, "revenueCapMinor", NodeReader::wholeNumber, null),
                intOr(bandit, "optOutCost", defaults.optOutCost()),
                value(bandit, "onNewVersion", field -> field.choice(VariantAllocation.PosteriorPolicy.class),
                        defaults.onNewVersion()));
    }

    private static Delay readDelay(NodeReader node) {
        if (!node.expectMapping()) {
            return null;
        }
        node.allowOnly(DELAY_KEYS);
        var given = DELAY_KEYS.stream().filter(node::has).toList();
        if (given.size() != 1) {
            node.reject((given.isEmpty() ? "give one of " : "give only one of ") + String.join(", ", DELAY_KEYS));
            return null;
        }
        NodeReader value = node.field(given.get(0));
        return switch (given.get(0)) {
            case "after" -> Delay.after(value.duration());
            case "nextDayAt" -> Delay.nextDayAt(value.timeOfDay());
            default -> Delay.beforeRunOut(value.duration());
        };
    }

    /** Variant id → templates. A variant that cannot be read counts as empty, so no rule repeats its reason. */
    private static Map<String, Map<String, String>> readVariants(NodeReader node) {
        var entries = node.entries();
        if (entries == null) {
            return null;
        }
        if (entries.keySet().equals(Set.of(Step.DEFAULT_VARIANT))) {
            node.reject("has only variant A; write it as templates");
            return null;
        }
        var variants = new LinkedHashMap<String, Map<String, String>>();
        entries.forEach((variantId, templates) -> {
            var read = readTemplates(templates);
            variants.put(variantId, read == null ? Map.of() : read);
        });
        return variants;
    }

    /** Locale tag → text. Tags are stored in canonical spelling; a tag that is not one is reported and left out. */
    private static Map<String, String> readTemplates(NodeReader node) {
        var entries = node.entries();
        if (entries == null) {
            return null;
        }
        var templates = new LinkedHashMap<String, String>();
        var writtenAs = new HashMap<String, String>();
        entries.forEach((tag, textNode) -> {
            var canonical = LocaleTags.canonical(tag);
            if (canonical.isEmpty()) {
                textNode.reject(DefinitionRules.quote(tag) + " is not a language tag such as en-US");
                return;
            }
            if (writtenAs.containsKey(canonical.get())) {
                textNode.reject("the same locale as " + writtenAs.get(canonical.get()));
                return;
            }
            writtenAs.put(canonical.get(), tag);
            String text = textNode.text();
            // an unreadable text still occupies its locale, so no rule reports that locale as missing
            templates.put(canonical.get(), text == null ? "" : text);
        });
        return templates;
    }

    private static Reentry readReentry(NodeReader node) {
        if (!node.expectMapping()) {
            return null;
        }
        node.allowOnly(REENTRY_KEYS);
        return new Reentry(value(node, "policy", field -> field.choice(ReentryPolicy.class), null),
                value(node, "cooldown", NodeReader::duration, null));
    }

    private static String readLocale(NodeReader node) {
        String text = node.text();
        if (text == null) {
            return null;
        }
        var canonical = LocaleTags.canonical(text);
        if (canonical.isEmpty()) {
            node.reject(DefinitionRules.quote(text) + " is not a language tag such as en-US");
            return null;
        }
        return canonical.get();
    }

    /** The value under key read by reader; fallback when the key is absent, null when it is present but unreadable. */
    private static <T> T value(NodeReader node, String key, Function<NodeReader, T> reader, T fallback) {
        NodeReader field = node.field(key);
        if (field == null) {
            return fallback;
        }
        T value = reader.apply(field);
        if (value == null) {
            node.problems().markUnread(field.path());
        }
        return value;
    }

    private static int requiredInt(NodeReader node, String key) {
        if (!node.has(key)) {
            node.problems().reject(node.childPath(key), "required");
            return 0;
        }
        Integer value = value(node, key, NodeReader::integer, null);
        return value == null ? 0 : value;
    }

    private static int intOr(NodeReader node, String key, int fallback) {
        Integer value = value(node, key, NodeReader::integer, fallback);
        return value == null ? fallback : value;
    }
}
