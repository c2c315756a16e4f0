package dev.nudge.domain.definition;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import java.util.Set;

import static dev.nudge.domain.definition.Definitions.CHECKOUT;
import static dev.nudge.domain.definition.Definitions.accepted;
import static dev.nudge.domain.definition.Definitions.rejected;
import static dev.nudge.domain.definition.Definitions.resource;
import static dev.nudge.domain.definition.Definitions.step;
import static dev.nudge.domain.definition.Definitions.warnings;
import static dev.nudge.domain.definition.Definitions.yaml;
import static org.assertj.core.api.Assertions.assertThat;

class DefinitionParserTest {

    private static final String TEXT = step("{after: P1D}", "COMPLEMENT", "Hi {firstName}, try {productName}: {link}");

    @Test
    void readsEveryField() {
        SequenceDefinition d = accepted(resource("every-field.yaml"));

        assertThat(d.id()).isEqualTo("grinder-followup");
        assertThat(d.version()).isEqualTo(3);
        assertThat(d.status()).isEqualTo(DefinitionStatus.LIVE);
        assertThat(d.brandId()).isEqualTo("demo-roasters");
        assertThat(d.locationIds()).containsExactlyInAnyOrder("downtown", "airport");
        assertThat(d.priority()).isEqualTo(40);
        assertThat(d.subject()).isEqualTo("equipment");
        assertThat(d.trigger()).isEqualTo(new Trigger(TriggerType.CHECKOUT, Set.of("GRINDER-1"), Set.of("equipment"),
                5000L, null, null, null));
        assertThat(d.steps()).hasSize(2);
        assertThat(d.step(0).delay()).isEqualTo(Delay.after(Duration.ofHours(36)));
        assertThat(d.step(0).offer()).isEqualTo(OfferStrategy.ADD_ON);
        assertThat(d.step(0).templates()).containsOnlyKeys("en-US", "en-GB", "es");
        assertThat(d.step(0).hasVariants()).isFalse();
        assertThat(d.step(1).delay()).isEqualTo(Delay.nextDayAt(LocalTime.of(9, 30)));
        assertThat(d.step(1).variantIds()).containsExactly("A", "B");
        assertThat(d.step(1).templates("B").get("en-US")).startsWith("Freshly ground");
        assertThat(d.step(1).templates("Z")).isEqualTo(d.step(1).templates());
        assertThat(d.exits()).containsExactlyInAnyOrder(ExitRule.OFFERED_ITEM_PURCHASE, ExitRule.REPLY,
                ExitRule.QUESTION, ExitRule.OPT_OUT, ExitRule.CONSENT_LOST);
        assertThat(d.reentry()).isEqualTo(Reentry.cooldown(Duration.ofDays(60)));
        assertThat(d.maxTextsPerEntry()).isEqualTo(1);
        assertThat(d.holdoutPercent()).isEqualTo(20);
        assertThat(d.attributionWindow()).isEqualTo(Duration.ofDays(5));
        assertThat(d.onNewVersion()).isEqualTo(VersionPolicy.MOVE_TO_NEW);
        assertThat(d.defaultLocale()).isEqualTo("en-US");
        assertThat(d.questionPauseTimeout()).isEqualTo(Duration.ofHours(24));
        assertThat(d.conflictPolicy()).isEqualTo(ConflictPolicy.DROP);
    }

    @Test
    void fillsDocumentedDefaults() {
        SequenceDefinition d = accepted(resource("minimal.yaml"));

        assertThat(d.status()).isEqualTo(DefinitionStatus.DRAFT);
        assertThat(d.locationIds()).isEmpty();
        assertThat(d.appliesTo("any-store")).isTrue();
        assertThat(d.priority()).isZero();
        assertThat(d.subject()).isEqualTo("welcome");
        assertThat(d.step(0).offer()).isEqualTo(OfferStrategy.NONE);
        assertThat(d.exits()).containsExactlyInAnyOrder(ExitRule.OPT_OUT, ExitRule.CONSENT_LOST);
        assertThat(d.maxTextsPerEntry()).isEqualTo(1);
        assertThat(d.holdoutPercent()).isZero();
        assertThat(d.attributionWindow()).isEqualTo(Duration.ofDays(3));
        assertThat(d.onNewVersion()).isEqualTo(VersionPolicy.FINISH_ON_OLD);
        assertThat(d.defaultLocale()).isEqualTo("en-US");
        assertThat(d.questionPauseTimeout()).isEqualTo(Duration.ofHours(48));
        assertThat(d.conflictPolicy()).isEqualTo(ConflictPolicy.RESCHEDULE);
    }

    @Test
    void collectsEveryReasonWithItsPath() {
        assertThat(rejected(resource("many-problems.yaml"))).containsExactlyInAnyOrder(
                "id: \"Grinder Followup\" is not a slug (lowercase letters, digits and inner dashes, at most 64)",
                "version: 0 is below 1",
                "status: unknown \"SHIPPED\" (expected one of DRAFT, LIVE, PAUSED, RETIRED)",
                "colour: unknown key (known: id, version, status, brandId, locationIds, priority, subject, trigger, "
                        + "steps, exits, reentry, maxTextsPerEntry, holdoutPercent, attributionWindow, onNewVersion, "
                        + "defaultLocale, questionPauseTimeout, conflictPolicy)",
                "trigger.type: unknown \"CHEKOUT\" (expected one of CHECKOUT, SIGN_UP, RENEWAL, USAGE_MILESTONE, "
                        + "REPLENISHMENT_DUE, BROWSE_ABANDON)",
                "steps[0].templates: no template for the default locale en-US",
                "steps[1].delay.after: \"P3X\" is not an ISO-8601 duration",
                "steps[1].templates.en-US: unknown variable {coupon} (known: firstName, productName, price, link)",
                "steps[2].delay: give only one of after, nextDayAt, beforeRunOut",
                "steps[2].templates.en-us: the same locale as en-US",
                "steps[2].templates.en-US: {productName} needs a step offer (offer is NONE)",
                "reentry.cooldown: required",
                "holdoutPercent: 80 is above 50");
    }

    @Test
    void rejectsAnOfferTheTriggerCannotFeed() {
        String signUpRefill = yaml("{type: SIGN_UP}", step("{after: P1D}", "REFILL", "Hi {firstName}, {productName}: {link}"));

        assertThat(rejected(signUpRefill))
                .containsExactly("steps[0].offer: REFILL needs trigger CHECKOUT or REPLENISHMENT_DUE");
    }

    @Test
    void rejectsTriggerFieldsOfAnotherType() {
        String trigger = "{type: SIGN_UP, daysBefore: 3, minOrderTotalMinor: 100, categories: [coffee]}";

        assertThat(rejected(yaml(trigger, step("{after: P1D}", "NONE", "Welcome!")))).containsExactlyInAnyOrder(
                "trigger.categories: only applies to CHECKOUT, REPLENISHMENT_DUE or BROWSE_ABANDON",
                "trigger.minOrderTotalMinor: only applies to CHECKOUT",
                "trigger.daysBefore: only applies to REPLENISHMENT_DUE");
    }

    @Test
    void requiresTheFieldsATriggerTypeNeeds() {
        var steps = step("{after: P1D}", "NONE", "Hello!");

        assertThat(rejected(yaml("{type: USAGE_MILESTONE}", steps))).containsExactly("trigger.milestone: required");
        assertThat(rejected(yaml("{type: REPLENISHMENT_DUE}", steps))).containsExactly("trigger.daysBefore: required");
        assertThat(rejected(yaml("{type: BROWSE_ABANDON}", steps))).containsExactly("trigger.abandonWindow: required");
        assertThat(rejected(yaml("{type: BROWSE_ABANDON, abandonWindow: PT1M}", steps)))
                .containsExactly("trigger.abandonWindow: PT1M is below PT10M");
        assertThat(rejected(yaml("{type: REPLENISHMENT_DUE, daysBefore: 90}", steps)))
                .containsExactly("trigger.daysBefore: 90 is above 60");
    }

    @Test
    void checksBeforeRunOutAgainstTheTrigger() {
        var early = step("{beforeRunOut: P7D}", "REFILL", "Hi {firstName}, {productName} is running low: {link}");

        assertThat(rejected(yaml("{type: REPLENISHMENT_DUE, daysBefore: 5}", early)))
                .containsExactly("steps[0].delay.beforeRunOut: P7D is before the trigger fires (daysBefore 5)");
        assertThat(rejected(yaml(CHECKOUT, early)))
                .containsExactly("steps[0].delay.beforeRunOut: needs trigger REPLENISHMENT_DUE");
    }

    @Test
    void rejectsTemplatesThatWouldNotFitTwoSegments() {
        String longText = "Hi {firstName}, " + "this sentence keeps going. ".repeat(11) + "{link}";

        assertThat(rejected(yaml(CHECKOUT, step("{after: P1D}", "ADD_ON", longText))))
                .containsExactly("steps[0].templates.en-US: about 336 characters with variables filled in, above 320 (2 SMS segments)");
    }

    @Test
    void rejectsBrokenBraces() {
        assertThat(rejected(yaml(CHECKOUT, step("{after: P1D}", "ADD_ON", "Hi {firstName, see {link"))))
                .containsExactly(
                        "steps[0].templates.en-US: \"{\" at position 3 is not closed before the next \"{\"",
                        "steps[0].templates.en-US: \"{\" at position 19 is never closed");
        assertThat(rejected(yaml(CHECKOUT, step("{after: P1D}", "ADD_ON", "Hi} there {}"))))
                .containsExactly(
                        "steps[0].templates.en-US: \"}\" at position 2 has no matching \"{\"",
                        "steps[0].templates.en-US: empty variable {} at position 10");
    }

    @Test
    void reportsWrongTypesInsteadOfGuessing() {
        String text = yaml("{type: CHECKOUT, skus: [12345], minOrderTotalMinor: \"50\"}", TEXT,
                "priority: high\nlocationIds: downtown\nexits: [REPLY, BOUNCE]");

        assertThat(rejected(text)).containsExactlyInAnyOrder(
                "trigger.skus[0]: must be text, got 12345 (put it in quotes)",
                "trigger.minOrderTotalMinor: must be a whole number, got \"50\"",
                "priority: must be a whole number, got \"high\"",
                "locationIds: must be a list, got \"downtown\"",
                "exits[1]: unknown \"BOUNCE\" (expected one of ANY_PURCHASE, OFFERED_ITEM_PURCHASE, OPT_OUT, REPLY, "
                        + "QUESTION, CONSENT_LOST)");
    }

    @Test
    void reportsAStructureProblemOnceWithoutFollowUpNoise() {
        String text = """
                id: x
                version: 1
                brandId: demo
                reentry: {policy: NEVER}
                trigger: CHECKOUT
                steps:
                  - hello
                  - delay: {after: P1D}
                    templates: {en-US: 5}
                  - delay: {after: P1D}
                    variants: {A: {en-US: "Hi"}, B: nope}
                """;

        assertThat(rejected(text)).containsExactly(
                "trigger: must be a mapping of keys to values, got \"CHECKOUT\"",
                "steps[0]: must be a mapping of keys to values, got \"hello\"",
                "steps[1].templates.en-US: must be text, got 5 (put it in quotes)",
                "steps[2].variants.B: must be a mapping of keys to values, got \"nope\"");
    }

    @Test
    void checksStepCountAndTextCap() {
        assertThat(rejected(yaml(CHECKOUT, "[]"))).containsExactly("steps: needs at least one step");
        assertThat(rejected(yaml(CHECKOUT, TEXT.repeat(11)))).containsExactly("steps: 11 steps, at most 10");
        assertThat(rejected(yaml(CHECKOUT, TEXT, "maxTextsPerEntry: 2")))
                .containsExactly("maxTextsPerEntry: 2 is above the number of steps (1)");
        assertThat(accepted(yaml(CHECKOUT, TEXT.repeat(3))).maxTextsPerEntry()).isEqualTo(3);
    }

    @Test
    void checksVariants() {
        String noA = """
                - delay: {after: P1D}
                  variants:
                    B: {en-US: "Hello"}
                    C: {en-US: "Hi"}
                """;
        String onlyA = """
                - delay: {after: P1D}
                  variants:
                    A: {en-US: "Hello"}
                """;
        String both = """
                - delay: {after: P1D}
                  templates: {en-US: "Hello"}
                  variants:
                    A: {en-US: "Hello"}
                    B: {es-US: "Hola"}
                """;
        String missingDefaultLocale = """
                - delay: {after: P1D}
                  variants:
                    A: {en-US: "Hello"}
                    B: {es-US: "Hola"}
                """;

        assertThat(rejected(yaml(CHECKOUT, noA))).containsExactly("steps[0].variants: needs a variant \"A\" (the default)");
        assertThat(rejected(yaml(CHECKOUT, onlyA))).containsExactly("steps[0].variants: has only variant A; write it as templates");
        assertThat(rejected(yaml(CHECKOUT, both))).containsExactly("steps[0].variants: give either templates or variants, not both");
        assertThat(rejected(yaml(CHECKOUT, missingDefaultLocale)))
                .containsExactly("steps[0].variants.B: no template for the default locale en-US");
    }

    @Test
    void checksLocales() {
        String badKey = """
                - delay: {after: P1D}
                  templates: {en-US: "Hello", en_GB: "Hello"}
                """;

        assertThat(rejected(yaml(CHECKOUT, badKey)))
                .containsExactly("steps[0].templates.en_GB: \"en_GB\" is not a language tag such as en-US");
        assertThat(rejected(yaml(CHECKOUT, TEXT, "defaultLocale: english!")))
                .containsExactly("defaultLocale: \"english!\" is not a language tag such as en-US");
        assertThat(rejected(yaml(CHECKOUT, TEXT, "defaultLocale: es-US")))
                .containsExactly("steps[0].templates: no template for the default locale es-US");
        assertThat(accepted(yaml(CHECKOUT, TEXT, "defaultLocale: EN-us")).defaultLocale()).isEqualTo("en-US");
    }

    @Test
    void checksRanges() {
        String text = yaml(CHECKOUT, step("{after: -PT1H}", "ADD_ON", "{productName}: {link}"),
                "holdoutPercent: -1\nattributionWindow: P45D\nquestionPauseTimeout: PT0S\n");

        assertThat(rejected(text)).containsExactlyInAnyOrder(
                "steps[0].delay.after: -PT1H must not be negative",
                "holdoutPercent: -1 is below 0",
                "attributionWindow: P45D is above P30D",
                "questionPauseTimeout: PT0S is below PT1H");
    }

    @Test
    void checksReentry() {
        String base = yaml(CHECKOUT, TEXT).replace("reentry: {policy: NEVER}", "reentry: %s");

        assertThat(rejected(base.formatted("{policy: NEVER, cooldown: P1D}")))
                .containsExactly("reentry.cooldown: only applies to COOLDOWN");
        assertThat(rejected(base.formatted("{policy: SOMETIMES}")))
                .containsExactly("reentry.policy: unknown \"SOMETIMES\" (expected one of NEVER, AFTER_COMPLETION, COOLDOWN)");
        assertThat(rejected(base.formatted("~"))).containsExactly("reentry: required");
    }

    @Test
    void requiresTheCoreFields() {
        assertThat(rejected("version: 1\n")).containsExactlyInAnyOrder(
                "id: required", "brandId: required", "trigger: required", "steps: required", "reentry: required");
        assertThat(rejected("id: x\n")).contains("version: required");
    }

    @Test
    void rejectsUnknownNestedKeys() {
        String text = yaml("{type: CHECKOUT, sku: [A]}", """
                - delay: {afterr: P1D}
                  template: {en-US: "Hello"}
                """);

        assertThat(rejected(text)).containsExactlyInAnyOrder(
                "trigger.sku: unknown key (known: type, skus, categories, minOrderTotalMinor, milestone, daysBefore, abandonWindow)",
                "steps[0].delay.afterr: unknown key (known: after, nextDayAt, beforeRunOut)",
                "steps[0].delay: give one of after, nextDayAt, beforeRunOut",
                "steps[0].template: unknown key (known: delay, offer, templates, variants, allocation, bandit)",
                "steps[0].templates: required");
    }

    @Test
    void reportsSyntaxErrorsWithTheirPosition() {
        assertThat(rejected("id: a\nid: b\n")).singleElement().asString()
                .startsWith("not valid YAML at line 2, column ").contains("Duplicate field 'id'");
        assertThat(rejected("{\"id\": \"a\",}")).singleElement().asString().startsWith("not valid JSON at line 1, column 12: ");
        assertThat(rejected("steps: [1\nid: 2\n")).singleElement().asString()
                .startsWith("not valid YAML at line 2").doesNotContain("\n");
        assertThat(rejected("")).containsExactly("the definition is empty");
        assertThat(rejected("- a\n- b\n")).containsExactly("the definition must be a mapping of keys to values");
        assertThat(rejected("x: " + "y".repeat(DefinitionParser.MAX_DOCUMENT_LENGTH)))
                .containsExactly("the definition is 64003 characters, at most 64000");
    }

    @Test
    void readsJson() {
        String json = """
                {"id": "welcome", "version": 2, "brandId": "demo", "trigger": {"type": "SIGN_UP"},
                 "steps": [{"delay": {"after": "PT2H"}, "templates": {"en-US": "Welcome aboard!"}}],
                 "reentry": {"policy": "NEVER"}}
                """;

        assertThat(accepted(json).version()).isEqualTo(2);
        assertThat(rejected(json.replace("\"SIGN_UP\"", "\"SIGNUP\"")))
                .containsExactly("trigger.type: unknown \"SIGNUP\" (expected one of CHECKOUT, SIGN_UP, RENEWAL, "
                        + "USAGE_MILESTONE, REPLENISHMENT_DUE, BROWSE_ABANDON)");
    }

    @Test
    void canonicalJsonReadsBackToAnEqualDefinition() {
        for (String fixture : new String[]{"every-field.yaml", "minimal.yaml"}) {
            SequenceDefinition original = accepted(resource(fixture));
            String json = DefinitionParser.toJson(original);

            assertThat(accepted(json)).as(fixture).isEqualTo(original);
            assertThat(DefinitionParser.toJson(accepted(json))).isEqualTo(json);
        }
    }

    @Test
    void canonicalJsonWritesResolvedValuesInDocumentedForm() {
        String json = DefinitionParser.toJson(accepted(resource("every-field.yaml")));

        assertThat(json).startsWith("{\"id\":\"grinder-followup\",\"version\":3,\"status\":\"LIVE\"")
                .contains("\"locationIds\":[\"airport\",\"downtown\"]")
                .contains("\"delay\":{\"after\":\"PT36H\"}")
                .contains("\"delay\":{\"nextDayAt\":\"09:30\"}")
                .contains("\"exits\":[\"OFFERED_ITEM_PURCHASE\",\"OPT_OUT\",\"REPLY\",\"QUESTION\",\"CONSENT_LOST\"]")
                .contains("\"reentry\":{\"policy\":\"COOLDOWN\",\"cooldown\":\"P60D\"}")
                .contains("\"variants\":{\"A\":{\"en-US\":");
    }

    @Test
    void checksTheAvroEnvelopeAgainstTheDocument() {
        String document = resource("minimal.yaml");

        assertThat(DefinitionParser.parseDocument("welcome", 1, "demo-roasters", document))
                .isInstanceOf(DefinitionParseResult.Accepted.class);
        assertThat(DefinitionParser.parseDocument("welcome-2", 2, "demo-roasters", document))
                .isEqualTo(new DefinitionParseResult.Rejected(java.util.List.of(
                        "id: the envelope says \"welcome-2\" but the document says \"welcome\"",
                        "version: the envelope says 2 but the document says 1")));
    }

    @Test
    void warnsAboutCostlyOrIneffectiveChoices() {
        String text = yaml(CHECKOUT, step("{after: P1D}", "NONE", "We’re glad you’re here!"),
                "exits: [OFFERED_ITEM_PURCHASE]");

        assertThat(warnings(text)).containsExactly(
                "exits: OFFERED_ITEM_PURCHASE never applies because no step offers an item",
                "steps[0].templates.en-US: \"’\" is outside the GSM alphabet, so the text goes out as UCS-2 (70 characters per segment)");
    }

    @Test
    void keepsTemplatesAsWritten() {
        Map<String, String> templates = accepted(resource("every-field.yaml")).step(0).templates();

        assertThat(templates.get("es")).isEqualTo("Hola {firstName}, ¿qué tal el molinillo? {productName} ({price}) lo mantiene limpio: {link}");
    }
}
