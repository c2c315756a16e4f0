package dev.nudge.domain.definition;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DefinitionRegistryTest {

    private final DefinitionRegistry registry = new DefinitionRegistry();

    @Test
    void firstVersionGoesLive() {
        SequenceDefinition v1 = definition("addon", 1, "LIVE", "");

        assertThat(registry.offer(v1))
                .isEqualTo(new RegistryOutcome.Accepted(new VersionChange(null, v1, Transition.FIRST_VERSION)));
        assertThat(registry.liveFor("demo", "downtown")).containsExactly(v1);
        assertThat(registry.current("demo", "addon")).contains(v1);
    }

    @Test
    void newerVersionReplacesTheLiveOneAndSaysWhatToDoWithCustomers() {
        SequenceDefinition v1 = definition("addon", 1, "LIVE", "");
        SequenceDefinition v2 = definition("addon", 2, "LIVE", "onNewVersion: MOVE_TO_NEW");
        registry.offer(v1);

        assertThat(registry.offer(v2))
                .isEqualTo(new RegistryOutcome.Accepted(new VersionChange(v1, v2, Transition.MOVE_TO_NEW)));
        assertThat(registry.liveFor("demo", null)).containsExactly(v2);
        assertThat(registry.version("demo", "addon", 1)).contains(v1);
    }

    @Test
    void rejectsAVersionThatIsNotNewerAndKeepsThePreviousLive() {
        SequenceDefinition v4 = definition("addon", 4, "LIVE", "");
        registry.offer(v4);

        assertThat(registry.offer(definition("addon", 3, "LIVE", "priority: 99")))
                .isEqualTo(new RegistryOutcome.Rejected(List.of("version 3 is not newer than live version 4")));
        assertThat(registry.offer(definition("addon", 4, "LIVE", "priority: 99")))
                .isEqualTo(new RegistryOutcome.Rejected(List.of("version 4 is not newer than live version 4")));
        assertThat(registry.liveFor("demo", null)).containsExactly(v4);
        assertThat(registry.version("demo", "addon", 3)).isEmpty();
    }

    @Test
    void aReplayedDefinitionChangesNothing() {
        SequenceDefinition v1 = definition("addon", 1, "LIVE", "");
        SequenceDefinition v2 = definition("addon", 2, "LIVE", "");
        registry.offer(v1);
        registry.offer(v2);

        assertThat(registry.offer(v1)).isEqualTo(new RegistryOutcome.Accepted(new VersionChange(v2, v1, Transition.NONE)));
        assertThat(registry.current("demo", "addon")).contains(v2);
    }

    @Test
    void pausingHoldsAndRetiringExits() {
        SequenceDefinition v1 = definition("addon", 1, "LIVE", "");
        SequenceDefinition paused = definition("addon", 2, "PAUSED", "");
        SequenceDefinition resumed = definition("addon", 3, "LIVE", "onNewVersion: EXIT");
        SequenceDefinition retired = definition("addon", 4, "RETIRED", "");
        registry.offer(v1);

        assertThat(transition(registry.offer(paused))).isEqualTo(Transition.HOLD);
        assertThat(registry.liveFor("demo", null)).isEmpty();
        assertThat(registry.offer(definition("addon", 2, "LIVE", "")))
                .isEqualTo(new RegistryOutcome.Rejected(List.of("version 2 is not newer than paused version 2")));
        assertThat(transition(registry.offer(resumed))).isEqualTo(Transition.EXIT);
        assertThat(registry.liveFor("demo", null)).containsExactly(resumed);
        assertThat(transition(registry.offer(retired))).isEqualTo(Transition.EXIT);
        assertThat(registry.liveFor("demo", null)).isEmpty();
        assertThat(registry.current("demo", "addon")).contains(retired);
    }

    @Test
    void draftsAreAcknowledgedButChangeNothing() {
        SequenceDefinition v1 = definition("addon", 1, "LIVE", "");
        SequenceDefinition draft = definition("addon", 2, "DRAFT", "");
        registry.offer(v1);

        assertThat(registry.offer(draft)).isEqualTo(new RegistryOutcome.Accepted(new VersionChange(v1, draft, Transition.NONE)));
        assertThat(registry.current("demo", "addon")).contains(v1);
        assertThat(registry.offer(definition("addon", 2, "LIVE", ""))).isInstanceOf(RegistryOutcome.Accepted.class);
        assertThat(registry.offer(definition("brand-new", 1, "DRAFT", ""))).isInstanceOf(RegistryOutcome.Accepted.class);
        assertThat(registry.liveFor("demo", null)).extracting(SequenceDefinition::id).containsExactly("addon");
    }

    @Test
    void liveForOrdersByPriorityThenIdAndFiltersLocations() {
        var low = definition("low", 1, "LIVE", "priority: 1");
        var highB = definition("high-b", 1, "LIVE", "priority: 10");
        var highA = definition("high-a", 1, "LIVE", "priority: 10");
        var downtownOnly = definition("downtown-only", 1, "LIVE", "priority: 5\nlocationIds: [downtown]");
        var otherBrand = definition("other", 1, "LIVE", "").withStatus(DefinitionStatus.LIVE);
        List.of(low, highB, highA, downtownOnly).forEach(registry::offer);
        registry.offer(new SequenceDefinition(otherBrand.id(), 1, DefinitionStatus.LIVE, "other-brand",
                otherBrand.locationIds(), 0, otherBrand.subject(), otherBrand.trigger(), otherBrand.steps(),
                otherBrand.exits(), otherBrand.reentry(), 1, 0, otherBrand.attributionWindow(),
                otherBrand.onNewVersion(), otherBrand.defaultLocale(), otherBrand.questionPauseTimeout(),
                otherBrand.conflictPolicy()));

        assertThat(registry.liveFor("demo", "downtown")).containsExactly(highA, highB, downtownOnly, low);
        assertThat(registry.liveFor("demo", "airport")).containsExactly(highA, highB, low);
        assertThat(registry.liveFor("demo", null)).containsExactly(highA, highB, low);
        assertThat(registry.liveFor("other-brand", null)).extracting(SequenceDefinition::brandId).containsExactly("other-brand");
        assertThat(registry.liveFor("nobody", null)).isEmpty();
    }

    @Test
    void keepsABoundedNumberOfOldVersions() {
        var small = new DefinitionRegistry(2);
        for (int version = 1; version <= 4; version++) {
            small.offer(definition("addon", version, "LIVE", ""));
        }

        assertThat(small.version("demo", "addon", 1)).isEmpty();
        assertThat(small.version("demo", "addon", 2)).isEmpty();
        assertThat(small.version("demo", "addon", 3)).isPresent();
        assertThat(small.version("demo", "addon", 4)).contains(small.current("demo", "addon").orElseThrow());
    }

    @Test
    void rejectsADefinitionThatBreaksTheRules() {
        var valid = definition("addon", 1, "LIVE", "");
        var tooMuchHoldout = new SequenceDefinition(valid.id(), 1, DefinitionStatus.LIVE, valid.brandId(),
                valid.locationIds(), 0, valid.subject(), valid.trigger(), valid.steps(), valid.exits(), valid.reentry(),
                1, 80, valid.attributionWindow(), valid.onNewVersion(), valid.defaultLocale(),
                valid.questionPauseTimeout(), valid.conflictPolicy());

        assertThat(registry.offer(tooMuchHoldout)).isEqualTo(new RegistryOutcome.Rejected(List.of("holdoutPercent: 80 is above 50")));
        assertThat(registry.current("demo", "addon")).isEmpty();
    }

    private static Transition transition(RegistryOutcome outcome) {
        assertThat(outcome).isInstanceOf(RegistryOutcome.Accepted.class);
        return ((RegistryOutcome.Accepted) outcome).change().transition();
    }

    private static SequenceDefinition definition(String id, int version, String status, String more) {
        String text = Definitions.yaml(Definitions.CHECKOUT,
                        Definitions.step("{after: P1D}", "ADD_ON", "Hi {firstName}, {productName} goes well with it: {link}"),
                        more)
                .replace("id: test-sequence", "id: " + id)
                .replace("version: 1", "version: " + version)
                .replace("status: LIVE", "status: " + status);
        return Definitions.accepted(text);
    }
}
