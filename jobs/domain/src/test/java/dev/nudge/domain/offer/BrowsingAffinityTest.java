package dev.nudge.domain.offer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nudge.domain.event.BrowseKind;
import dev.nudge.domain.event.BrowseSignal;
import dev.nudge.domain.policy.FlinkPojoShape;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BrowsingAffinityTest {

    private static final Instant T0 = Instant.parse("2025-06-10T15:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);

    @Test
    void isAFlinkPojo() {
        FlinkPojoShape.assertFlinkPojo(BrowsingAffinity.class);
        FlinkPojoShape.assertFlinkPojo(DecayingScore.class);
    }

    @Test
    void startsEmpty() {
        BrowsingAffinity affinity = new BrowsingAffinity();
        assertThat(affinity.isEmpty()).isTrue();
        assertThat(affinity.score("sku-1", "shoes", T0)).isZero();
    }

    @Test
    void signalsWeighByKind() {
        assertThat(BrowsingAffinity.weightOf(BrowseKind.VIEW)).isEqualTo(1);
        assertThat(BrowsingAffinity.weightOf(BrowseKind.ADD_TO_CART)).isEqualTo(3);
        assertThat(BrowsingAffinity.weightOf(BrowseKind.REMOVE_FROM_CART)).isEqualTo(-1);
        assertThat(BrowsingAffinity.weightOf(BrowseKind.SEARCH)).isEqualTo(1);
    }

    @Test
    void aViewCountsForTheSkuAndItsCategory() {
        BrowsingAffinity affinity = new BrowsingAffinity();
        affinity.record(new BrowseSignal(T0, BrowseKind.VIEW, "sku-1", "shoes", null));
        assertThat(affinity.isEmpty()).isFalse();
        assertThat(affinity.score("sku-1", "shoes", T0)).isEqualTo(2.0);
        assertThat(affinity.score("sku-2", "shoes", T0)).isEqualTo(1.0);
        assertThat(affinity.score("sku-1", null, T0)).isEqualTo(1.0);
        assertThat(affinity.score("sku-9", "hats", T0)).isZero();
    }

    @Test
    void cartAddsAndRemovalsAddUp() {
        BrowsingAffinity affinity = new BrowsingAffinity();
        affinity.record(new BrowseSignal(T0, BrowseKind.VIEW, "sku-1", null, null));
        affinity.record(new BrowseSignal(T0, BrowseKind.ADD_TO_CART, "sku-1", null, null));
        affinity.record(new BrowseSignal(T0, BrowseKind.REMOVE_FROM_CART, "sku-1", null, null));
        assertThat(affinity.score("sku-1", null, T0)).isEqualTo(3.0);
    }

    @Test
    void aCategorySearchCountsForTheCategoryOnly() {
        BrowsingAffinity affinity = new BrowsingAffinity();
        affinity.record(new BrowseSignal(T0, BrowseKind.SEARCH, null, "tents", "2 person tent"));
        assertThat(affinity.getSkus()).isEmpty();
        assertThat(affinity.score(null, "tents", T0)).isEqualTo(1.0);
        affinity.record(new BrowseSignal(T0, BrowseKind.SEARCH, null, null, "anything"));
        assertThat(affinity.getCategories()).containsOnlyKeys("tents");
    }

    @Test
    void scoresHalveEveryHalfLife() {
        BrowsingAffinity affinity = new BrowsingAffinity();
        affinity.record(new BrowseSignal(T0, BrowseKind.ADD_TO_CART, "sku-1", null, null));
        assertThat(affinity.score("sku-1", null, T0.plus(WEEK))).isCloseTo(1.5, within(1e-9));
        assertThat(affinity.score("sku-1", null, T0.plus(WEEK.multipliedBy(2)))).isCloseTo(0.75, within(1e-9));
        // Asking about a time before the last signal does not inflate the score.
        assertThat(affinity.score("sku-1", null, T0.minus(WEEK))).isEqualTo(3.0);
    }

    @Test
    void newSignalsAddToTheDecayedScore() {
        BrowsingAffinity affinity = new BrowsingAffinity();
        affinity.record(new BrowseSignal(T0, BrowseKind.VIEW, "sku-1", null, null));
        affinity.record(new BrowseSignal(T0.plus(WEEK), BrowseKind.VIEW, "sku-1", null, null));
        assertThat(affinity.score("sku-1", null, T0.plus(WEEK))).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void aLateSignalCountsAlreadyDecayed() {
        BrowsingAffinity affinity = new BrowsingAffinity();
        affinity.record(new BrowseSignal(T0.plus(WEEK), BrowseKind.VIEW, "sku-1", null, null));
        affinity.record(new BrowseSignal(T0, BrowseKind.ADD_TO_CART, "sku-1", null, null));
        assertThat(affinity.score("sku-1", null, T0.plus(WEEK))).isCloseTo(2.5, within(1e-9));
    }

    @Test
    void theHalfLifeIsConfigurable() {
        AffinitySettings fastForgetting = new AffinitySettings(Duration.ofDays(1), 50, 20, 0.05);
        BrowsingAffinity affinity = new BrowsingAffinity();
        affinity.record(new BrowseSignal(T0, BrowseKind.VIEW, "sku-1", null, null), fastForgetting);
        assertThat(affinity.score("sku-1", null, T0.plus(Duration.ofDays(1)), fastForgetting))
                .isCloseTo(0.5, within(1e-9));
    }

    @Test
    void fadedEntriesAreDroppedOnTheNextSignal() {
        BrowsingAffinity affinity = new BrowsingAffinity();
        affinity.record(new BrowseSignal(T0, BrowseKind.VIEW, "old", "old-category", null));
        // 5 half-lives later a single view is worth 1/32 < 0.05.
        affinity.record(new BrowseSignal(T0.plus(WEEK.multipliedBy(5)), BrowseKind.VIEW, "new", "new-category", null));
        assertThat(affinity.getSkus()).containsOnlyKeys("new");
        assertThat(affinity.getCategories()).containsOnlyKeys("new-category");
    }

    @Test
    void aRemovalThatCancelsOutIsForgotten() {
        BrowsingAffinity affinity = new BrowsingAffinity();
        affinity.record(new BrowseSignal(T0, BrowseKind.VIEW, "sku-1", null, null));
        affinity.record(new BrowseSignal(T0, BrowseKind.REMOVE_FROM_CART, "sku-1", null, null));
        assertThat(affinity.isEmpty()).isTrue();
    }

    @Test
    void keepsTheStrongestSkusAndCategoriesUpToTheLimits() {
        BrowsingAffinity affinity = new BrowsingAffinity();
        for (int i = 0; i < 60; i++) {
            Instant at = T0.plus(Duration.ofMinutes(i));
            affinity.record(new BrowseSignal(at, BrowseKind.VIEW, String.format("sku-%02d", i), "cat-" + (i % 25), null));
        }
        affinity.record(new BrowseSignal(T0.plus(Duration.ofHours(2)), BrowseKind.ADD_TO_CART, "sku-00", null, null));
        assertThat(affinity.getSkus()).hasSize(50).containsKey("sku-00").containsKey("sku-59")
                .doesNotContainKey("sku-01");
        assertThat(affinity.getCategories()).hasSize(20);
    }

    @Test
    void pruningTiesAreBrokenByName() {
        AffinitySettings twoSkus = new AffinitySettings(WEEK, 2, 20, 0.05);
        BrowsingAffinity affinity = new BrowsingAffinity();
        for (String sku : new String[] {"c", "a", "b"}) {
            affinity.record(new BrowseSignal(T0, BrowseKind.VIEW, sku, null, null), twoSkus);
        }
        assertThat(affinity.getSkus()).containsOnlyKeys("a", "b");
    }

    @Test
    void likedCategoriesArePositiveOnesStrongestFirst() {
        BrowsingAffinity affinity = new BrowsingAffinity();
        affinity.record(new BrowseSignal(T0, BrowseKind.SEARCH, null, "garden", null));
        affinity.record(new BrowseSignal(T0, BrowseKind.ADD_TO_CART, "sku-1", "tools", null));
        affinity.record(new BrowseSignal(T0, BrowseKind.SEARCH, null, "books", null));
        affinity.record(new BrowseSignal(T0, BrowseKind.REMOVE_FROM_CART, "sku-2", "toys", null));
        assertThat(affinity.likedCategories(T0)).containsExactly("tools", "books", "garden");
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> new AffinitySettings(Duration.ZERO, 50, 20, 0.05))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AffinitySettings(WEEK, 0, 20, 0.05)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AffinitySettings(WEEK, 50, 0, 0.05)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AffinitySettings(WEEK, 50, 20, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
