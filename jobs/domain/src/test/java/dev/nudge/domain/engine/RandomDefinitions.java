package dev.nudge.domain.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Random but valid sequence definitions (YAML) of every trigger type, and newer versions of them. A sequence keeps
 * its trigger, exits, re-entry and holdout across versions; steps, priority, subject and policies change.
 */
final class RandomDefinitions {

    enum Kind {
        COFFEE_CHECKOUT("{type: CHECKOUT, categories: [coffee]}", "ADD_ON", "COMPLEMENT", "REFILL", "TRIGGER_ITEM", "NONE"),
        ANY_CHECKOUT("{type: CHECKOUT, minOrderTotalMinor: 2000}", "COMPLEMENT", "TIER_UPGRADE", "SEASONAL", "NONE"),
        BROWSE_ABANDON("{type: BROWSE_ABANDON, categories: [coffee, equipment], abandonWindow: PT%dM}",
                "TRIGGER_ITEM", "COMPLEMENT", "ADD_ON", "NONE"),
        REFILL("{type: REPLENISHMENT_DUE, daysBefore: %d}", "REFILL", "TRIGGER_ITEM", "ADD_ON", "NONE"),
        WELCOME("{type: SIGN_UP}", "SEASONAL", "NONE"),
        RENEWAL("{type: RENEWAL, skus: [PLAN-BASIC]}", "TIER_UPGRADE", "TRIGGER_ITEM", "NONE"),
        MILESTONE("{type: USAGE_MILESTONE, milestone: cups-100}", "TIER_UPGRADE", "NONE");

        private final String trigger;
        private final List<String> offers;

        Kind(String trigger, String... offers) {
            this.trigger = trigger;
            this.offers = List.of(offers);
        }

        String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private static final List<String> AFTER = List.of("PT0S", "PT30M", "PT2H", "PT9H", "P1D", "P1DT3H", "P2D", "P4D");
    private static final List<String> NEXT_DAY_AT = List.of("06:30", "09:00", "13:15", "20:45", "22:30");
    private static final List<String> EXIT_RULES = List.of("ANY_PURCHASE", "OFFERED_ITEM_PURCHASE", "REPLY", "QUESTION");

    /** What stays the same across versions of one sequence. */
    private record Fixed(Kind kind, String trigger, int daysBefore, String exits, String reentry, int holdout) {}

    private final Random random;
    private final Map<String, Fixed> sequences = new LinkedHashMap<>();
    private final Map<String, Integer> versions = new LinkedHashMap<>();

    private final String brand;

    RandomDefinitions(Random random, String brand) {
        this.brand = brand;
        this.random = random;
    }

    /** Version 1 of a new sequence of this kind, LIVE. */
    String first(Kind kind) {
        int daysBefore = 2 + random.nextInt(6);
        String trigger = switch (kind) {
            case BROWSE_ABANDON -> kind.trigger.formatted(10 + random.nextInt(230));
            case REFILL -> kind.trigger.formatted(daysBefore);
            default -> kind.trigger;
        };
        List<String> exits = new ArrayList<>();
        EXIT_RULES.forEach(rule -> {
            if (random.nextInt(10) < 3) {
                exits.add(rule);
            }
        });
        String reentry = switch (random.nextInt(3)) {
            case 0 -> "{policy: NEVER}";
            case 1 -> "{policy: AFTER_COMPLETION}";
            default -> "{policy: COOLDOWN, cooldown: P" + (1 + random.nextInt(5)) + "D}";
        };
        int holdout = random.nextInt(10) < 7 ? 0 : 10 + random.nextInt(3) * 10;
        sequences.put(kind.id(), new Fixed(kind, trigger, daysBefore, exits.toString(), reentry, holdout));
        versions.put(kind.id(), 1);
        return yaml(kind.id(), 1, "LIVE");
    }

    /** The next version of a sequence, with the given status (LIVE, PAUSED or RETIRED). */
    String next(String sequenceId, String status) {
        int version = versions.merge(sequenceId, 1, Integer::sum);
        return yaml(sequenceId, version, status);
    }

    List<String> ids() {
        return List.copyOf(sequences.keySet());
    }

    private String yaml(String id, int version, String status) {
        Fixed fixed = sequences.get(id);
        int stepCount = 1 + random.nextInt(4);
        StringBuilder steps = new StringBuilder();
        for (int step = 0; step < stepCount; step++) {
            String offer = pick(fixed.kind().offers);
            String template = offer.equals("NONE") ? "v%d step %d: hi {firstName}" : "v%d step %d: {productName} at {price} {link}";
            steps.append("  - delay: ").append(delay(fixed, step)).append('\n')
                    .append("    offer: ").append(offer).append('\n')
                    .append("    templates: {en-US: \"").append(template.formatted(version, step)).append("\"}\n");
        }
        return """
                id: %s
                version: %d
                status: %s
                brandId: %s
                priority: %d
                subject: %s
                trigger: %s
                steps:
                %sexits: %s
                reentry: %s
                holdoutPercent: %d
                maxTextsPerEntry: %d
                onNewVersion: %s
                questionPauseTimeout: %s
                conflictPolicy: %s
                """.formatted(id, version, status, brand, random.nextInt(101), pick(List.of("coffee", "general", id)),
                fixed.trigger(), steps, fixed.exits(), fixed.reentry(), fixed.holdout(), 1 + random.nextInt(stepCount),
                pick(List.of("FINISH_ON_OLD", "MOVE_TO_NEW", "EXIT")), pick(List.of("PT1H", "PT6H", "P1D", "P3D")),
                pick(List.of("RESCHEDULE", "DROP")));
    }

    private String delay(Fixed fixed, int step) {
        if (fixed.kind() == Kind.REFILL && step == 0 && random.nextBoolean()) {
            return "{beforeRunOut: P" + (1 + random.nextInt(fixed.daysBefore())) + "D}";
        }
        return random.nextInt(4) == 0 ? "{nextDayAt: \"" + pick(NEXT_DAY_AT) + "\"}" : "{after: " + pick(AFTER) + "}";
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
