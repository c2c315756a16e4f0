package dev.nudge.domain.definition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The rules an accepted definition satisfies, beyond being well-typed. docs/sequence-definition.md lists them;
 * keep both in step. Null parts are reported as "required" and otherwise skipped, so a partly read document
 * still gets every other reason.
 */
public final class DefinitionRules {

    static final Pattern SLUG = Pattern.compile("[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?");
    static final Pattern VARIANT_ID = Pattern.compile("[A-Za-z0-9_-]{1,16}");
    static final int MAX_SUBJECT_LENGTH = 64;
    static final int MAX_DAYS_BEFORE = 60;
    static final Duration MAX_STEP_DELAY = Duration.ofDays(90);
    static final Duration MIN_ABANDON_WINDOW = Duration.ofMinutes(10);
    static final Duration MAX_ABANDON_WINDOW = Duration.ofDays(7);
    static final Duration MIN_WINDOW = Duration.ofHours(1);
    static final Duration MAX_ATTRIBUTION_WINDOW = Duration.ofDays(30);
    static final Duration MAX_QUESTION_PAUSE = Duration.ofDays(14);
    static final Duration MAX_COOLDOWN = Duration.ofDays(365);

    private DefinitionRules() {}

    /** Every rule the definition breaks, as "path: reason"; empty when it may be used. */
    public static List<String> check(SequenceDefinition definition) {
        return reasons(definition).stream().map(Reason::toString).toList();
    }

    /** Things that are allowed but probably not meant, as "path: warning". */
    public static List<String> warnings(SequenceDefinition definition) {
        var warnings = new ArrayList<String>();
        if (definition.exitsOn(ExitRule.OFFERED_ITEM_PURCHASE)
                && definition.steps().stream().noneMatch(step -> step.offer().offersItem())) {
            warnings.add("exits: OFFERED_ITEM_PURCHASE never applies because no step offers an item");
        }
        for (int i = 0; i < definition.steps().size(); i++) {
            Step step = definition.step(i);
            for (var variant : step.variantIds()) {
                for (var template : new TreeMap<>(step.variants().get(variant)).entrySet()) {
                    String path = templatePath(step, i, variant, template.getKey());
                    GsmAlphabet.firstCharacterOutside(template.getValue()).ifPresent(c -> warnings.add(path + ": \""
                            + c + "\" is outside the GSM alphabet, so the text goes out as UCS-2 (70 characters per segment)"));
                }
            }
        }
        return warnings;
    }

    static List<Reason> reasons(SequenceDefinition d) {
        var out = new Collector();
        if (out.required("id", d.id()) && !SLUG.matcher(d.id()).matches()) {
            out.add("id", quote(d.id()) + " is not a slug (lowercase letters, digits and inner dashes, at most 64)");
        }
        out.atLeast("version", d.version(), 1);
        out.required("status", d.status());
        out.requiredText("brandId", d.brandId());
        if (d.locationIds().stream().anyMatch(String::isBlank)) {
            out.add("locationIds", "contains a blank location id");
        }
        if (out.requiredText("subject", d.subject()) && d.subject().length() > MAX_SUBJECT_LENGTH) {
            out.add("subject", "is " + d.subject().length() + " characters, at most " + MAX_SUBJECT_LENGTH);
        }
        if (out.required("trigger", d.trigger())) {
            checkTrigger(out, d.trigger());
        }
        if (out.required("steps", d.steps())) {
            checkSteps(out, d);
        }
        if (out.required("reentry", d.reentry())) {
            checkReentry(out, d.reentry());
        }
        if (d.steps() == null || !d.steps().isEmpty()) {
            out.atLeast("maxTextsPerEntry", d.maxTextsPerEntry(), 1);
        }
        if (d.steps() != null && !d.steps().isEmpty() && d.maxTextsPerEntry() > d.steps().size()) {
            out.add("maxTextsPerEntry", d.maxTextsPerEntry() + " is above the number of steps (" + d.steps().size() + ")");
        }
        out.atLeast("holdoutPercent", d.holdoutPercent(), 0);
        if (d.holdoutPercent() > SequenceDefinition.MAX_HOLDOUT_PERCENT) {
            out.add("holdoutPercent", d.holdoutPercent() + " is above " + SequenceDefinition.MAX_HOLDOUT_PERCENT);
        }
        out.within("attributionWindow", d.attributionWindow(), MIN_WINDOW, MAX_ATTRIBUTION_WINDOW);
        out.required("onNewVersion", d.onNewVersion());
        if (out.required("defaultLocale", d.defaultLocale())) {
            out.languageTag("defaultLocale", d.defaultLocale());
        }
        out.within("questionPauseTimeout", d.questionPauseTimeout(), MIN_WINDOW, MAX_QUESTION_PAUSE);
        out.required("conflictPolicy", d.conflictPolicy());
        return out.reasons;
    }

    private static void checkTrigger(Collector out, Trigger trigger) {
        TriggerType type = trigger.type();
        if (!out.required("trigger.type", type)) {
            return;
        }
        if (!trigger.skus().isEmpty()) {
            out.onlyFor("trigger.skus", type, Set.of(TriggerType.CHECKOUT, TriggerType.RENEWAL,
                    TriggerType.REPLENISHMENT_DUE, TriggerType.BROWSE_ABANDON));
            out.noBlanks("trigger.skus", trigger.skus());
        }
        if (!trigger.categories().isEmpty()) {
            out.onlyFor("trigger.categories", type,
                    Set.of(TriggerType.CHECKOUT, TriggerType.REPLENISHMENT_DUE, TriggerType.BROWSE_ABANDON));
            out.noBlanks("trigger.categories", trigger.categories());
        }
        if (trigger.minOrderTotalMinor() != null) {
            out.onlyFor("trigger.minOrderTotalMinor", type, Set.of(TriggerType.CHECKOUT));
            if (trigger.minOrderTotalMinor() < 0) {
                out.add("trigger.minOrderTotalMinor", trigger.minOrderTotalMinor() + " is below 0");
            }
        }
        if (out.requiredFor("trigger.milestone", trigger.milestone(), type, TriggerType.USAGE_MILESTONE)
                && trigger.milestone().isBlank()) {
            out.add("trigger.milestone", "must not be blank");
        }
        if (out.requiredFor("trigger.daysBefore", trigger.daysBefore(), type, TriggerType.REPLENISHMENT_DUE)) {
            out.atLeast("trigger.daysBefore", trigger.daysBefore(), 1);
            if (trigger.daysBefore() > MAX_DAYS_BEFORE) {
                out.add("trigger.daysBefore", trigger.daysBefore() + " is above " + MAX_DAYS_BEFORE);
            }
        }
        if (out.requiredFor("trigger.abandonWindow", trigger.abandonWindow(), type, TriggerType.BROWSE_ABANDON)) {
            out.within("trigger.abandonWindow", trigger.abandonWindow(), MIN_ABANDON_WINDOW, MAX_ABANDON_WINDOW);
        }
    }

    private static void checkSteps(Collector out, SequenceDefinition d) {
        if (d.steps().isEmpty()) {
            out.add("steps", "needs at least one step");
        }
        if (d.steps().size() > SequenceDefinition.MAX_STEPS) {
            out.add("steps", d.steps().size() + " steps, at most " + SequenceDefinition.MAX_STEPS);
        }
        for (int i = 0; i < d.steps().size(); i++) {
            checkStep(out, i, d.step(i), d.trigger(), d.defaultLocale());
        }
    }

    private static void checkStep(Collector out, int index, Step step, Trigger trigger, String defaultLocale) {
        String path = "steps[" + index + "]";
        TriggerType triggerType = trigger == null ? null : trigger.type();
        if (out.required(path + ".delay", step.delay())) {
            checkDelay(out, path + ".delay", step.delay(), trigger);
        }
        if (out.required(path + ".offer", step.offer()) && triggerType != null && !step.offer().worksWith(triggerType)) {
            out.add(path + ".offer", step.offer() + " needs trigger " + orList(step.offer().triggers()));
        }
        if (!out.required(path + ".templates", step.variants())) {
            return;
        }
        checkAllocation(out, path, step);
        if (step.variants().isEmpty()) {
            out.add(path + ".variants", "needs at least the variant \"A\"");
            return;
        }
        if (!step.variants().containsKey(Step.DEFAULT_VARIANT)) {
            out.add(path + ".variants", "needs a variant \"A\" (the default)");
        }
        for (String variant : step.variantIds()) {
            String variantPath = variantPath(step, index, variant);
            if (!VARIANT_ID.matcher(variant).matches()) {
                out.add(variantPath, "variant id " + quote(variant) + " must be 1 to 16 letters, digits, _ or -");
            }
            Map<String, String> templates = step.variants().get(variant);
            if (defaultLocale != null && LocaleTags.canonical(defaultLocale).isPresent()
                    && !templates.containsKey(defaultLocale)) {
                out.add(variantPath, "no template for the default locale " + defaultLocale);
            }
            templates.keySet().stream().sorted().forEach(locale -> {
                if (!out.languageTag(variantPath + "." + locale, locale)) {
                    return;
                }
                checkTemplate(out, variantPath + "." + locale, templates.get(locale), step.offer());
            });
        }
    }

    private static void checkAllocation(Collector out, String path, Step step) {
        VariantAllocation allocation = step.allocation();
        if (!allocation.isThompson()) {
            return;
        }
        if (!step.hasVariants()) {
            out.add(path + ".allocation", "THOMPSON needs at least two variants to choose from");
            return;
        }
        int maxShare = 100 / step.variants().size();
        if (allocation.minSharePercent() < 0 || allocation.minSharePercent() > maxShare) {
            out.add(path + ".bandit.minSharePercent", allocation.minSharePercent() + " is outside 0–" + maxShare
                    + " (" + step.variants().size() + " variants)");
        }
        if (allocation.metric() == VariantAllocation.Metric.REVENUE
                && (allocation.revenueCapMinor() == null || allocation.revenueCapMinor() < 1)) {
            out.add(path + ".bandit.revenueCapMinor", "REVENUE needs a revenue cap of at least 1 (minor units)");
        }
        if (allocation.metric() == VariantAllocation.Metric.CONVERSION && allocation.revenueCapMinor() != null) {
            out.add(path + ".bandit.revenueCapMinor", "only with metric REVENUE");
        }
        if (allocation.optOutCost() < 0 || allocation.optOutCost() > VariantAllocation.MAX_OPT_OUT_COST) {
            out.add(path + ".bandit.optOutCost", allocation.optOutCost() + " is outside 0–"
                    + VariantAllocation.MAX_OPT_OUT_COST);
        }
    }

    private static void checkDelay(Collector out, String path, Delay delay, Trigger trigger) {
        if (delay instanceof Delay.After after) {
            if (out.required(path + ".after", after.duration())) {
                out.notNegative(path + ".after", after.duration());
                out.atMost(path + ".after", after.duration(), MAX_STEP_DELAY);
            }
        } else if (delay instanceof Delay.NextDayAt nextDayAt) {
            out.required(path + ".nextDayAt", nextDayAt.time());
        } else if (delay instanceof Delay.BeforeRunOut beforeRunOut) {
            checkBeforeRunOut(out, path + ".beforeRunOut", beforeRunOut.duration(), trigger);
        }
    }

    private static void checkBeforeRunOut(Collector out, String path, Duration duration, Trigger trigger) {
        if (!out.required(path, duration)) {
            return;
        }
        out.positive(path, duration);
        if (trigger == null || trigger.type() == null) {
            return;
        }
        if (trigger.type() != TriggerType.REPLENISHMENT_DUE) {
            out.add(path, "needs trigger REPLENISHMENT_DUE");
        } else if (trigger.daysBefore() != null && duration.compareTo(Duration.ofDays(trigger.daysBefore())) > 0) {
            out.add(path, Durations.format(duration) + " is before the trigger fires (daysBefore "
                    + trigger.daysBefore() + ")");
        }
    }

    private static void checkTemplate(Collector out, String path, String text, OfferStrategy offer) {
        if (text.isBlank()) {
            out.add(path, "must not be blank");
            return;
        }
        var syntax = Templates.syntaxProblems(text);
        syntax.forEach(problem -> out.add(path, problem));
        if (syntax.isEmpty()) {
            for (String variable : Templates.variablesIn(text)) {
                if (!Templates.VARIABLES.contains(variable)) {
                    out.add(path, "unknown variable {" + variable + "} (known: " + String.join(", ", Templates.VARIABLES) + ")");
                } else if (offer == OfferStrategy.NONE && Templates.ITEM_VARIABLES.contains(variable)) {
                    out.add(path, "{" + variable + "} needs a step offer (offer is NONE)");
                }
            }
        }
        int length = Templates.typicalLength(text);
        if (length > Templates.MAX_LENGTH) {
            out.add(path, "about " + length + " characters with variables filled in, above " + Templates.MAX_LENGTH
                    + " (2 SMS segments)");
        }
    }

    private static void checkReentry(Collector out, Reentry reentry) {
        if (!out.required("reentry.policy", reentry.policy())) {
            return;
        }
        if (reentry.policy() == ReentryPolicy.COOLDOWN) {
            if (out.required("reentry.cooldown", reentry.cooldown())) {
                out.within("reentry.cooldown", reentry.cooldown(), MIN_WINDOW, MAX_COOLDOWN);
            }
        } else if (reentry.cooldown() != null) {
            out.add("reentry.cooldown", "only applies to COOLDOWN");
        }
    }

    /** Where a variant's templates live in the document: a single-variant step is written with plain templates. */
    static String variantPath(Step step, int index, String variant) {
        return "steps[" + index + "]." + (step.hasVariants() ? "variants." + variant : "templates");
    }

    static String templatePath(Step step, int index, String variant, String locale) {
        return variantPath(step, index, variant) + "." + locale;
    }

    static String quote(String text) {
        return "\"" + text + "\"";
    }

    static String orList(Collection<? extends Enum<?>> values) {
        var names = values.stream().sorted().map(Enum::name).toList();
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** Collects reasons; the boolean helpers say whether the value is present so checks can go on. */
    private static final class Collector {
        final List<Reason> reasons = new ArrayList<>();

        void add(String path, String message) {
            reasons.add(new Reason(path, message));
        }

        boolean required(String path, Object value) {
            if (value == null) {
                add(path, "required");
            }
            return value != null;
        }

        boolean requiredText(String path, String value) {
            if (!required(path, value)) {
                return false;
            }
            if (value.isBlank()) {
                add(path, "must not be blank");
                return false;
            }
            return true;
        }

        /** A field that belongs to one trigger type: required there, rejected elsewhere. True when it should be checked further. */
        boolean requiredFor(String path, Object value, TriggerType actual, TriggerType owner) {
            if (actual == owner) {
                return required(path, value);
            }
            if (value != null) {
                add(path, "only applies to " + owner);
            }
            return false;
        }

        void onlyFor(String path, TriggerType actual, Set<TriggerType> allowed) {
            if (!allowed.contains(actual)) {
                add(path, "only applies to " + orList(allowed));
            }
        }

        void noBlanks(String path, Collection<String> values) {
            if (values.stream().anyMatch(String::isBlank)) {
                add(path, "contains a blank entry");
            }
        }

        void atLeast(String path, int value, int minimum) {
            if (value < minimum) {
                add(path, value + " is below " + minimum);
            }
        }

        void notNegative(String path, Duration value) {
            if (value.isNegative()) {
                add(path, Durations.format(value) + " must not be negative");
            }
        }

        void positive(String path, Duration value) {
            if (value.isNegative() || value.isZero()) {
                add(path, Durations.format(value) + " must be positive");
            }
        }

        void atMost(String path, Duration value, Duration maximum) {
            if (value.compareTo(maximum) > 0) {
                add(path, Durations.format(value) + " is above " + Durations.format(maximum));
            }
        }

        void within(String path, Duration value, Duration minimum, Duration maximum) {
            if (!required(path, value)) {
                return;
            }
            if (value.compareTo(minimum) < 0) {
                add(path, Durations.format(value) + " is below " + Durations.format(minimum));
            }
            atMost(path, value, maximum);
        }

        boolean languageTag(String path, String tag) {
            var canonical = LocaleTags.canonical(tag);
            if (canonical.isEmpty()) {
                add(path, quote(tag) + " is not a language tag such as en-US");
                return false;
            }
            if (!canonical.get().equals(tag)) {
                add(path, quote(tag) + " should be written " + canonical.get());
                return false;
            }
            return true;
        }
    }
}
