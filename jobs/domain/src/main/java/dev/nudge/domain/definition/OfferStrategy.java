package dev.nudge.domain.definition;

import java.util.EnumSet;
import java.util.Set;

import static dev.nudge.domain.definition.TriggerType.BROWSE_ABANDON;
import static dev.nudge.domain.definition.TriggerType.CHECKOUT;
import static dev.nudge.domain.definition.TriggerType.RENEWAL;
import static dev.nudge.domain.definition.TriggerType.REPLENISHMENT_DUE;
import static dev.nudge.domain.definition.TriggerType.SIGN_UP;
import static dev.nudge.domain.definition.TriggerType.USAGE_MILESTONE;

/**
 * How a step picks the item it suggests. Strategies that start from "the item" need a trigger that carries one,
 * hence {@link #triggers()}.
 */
public enum OfferStrategy {
    /** An add-on of the trigger item (catalog addOns). */
    ADD_ON(EnumSet.of(CHECKOUT, REPLENISHMENT_DUE, BROWSE_ABANDON, RENEWAL)),
    /** A complement of the trigger item (catalog complements). */
    COMPLEMENT(EnumSet.of(CHECKOUT, REPLENISHMENT_DUE, BROWSE_ABANDON, RENEWAL)),
    /** The same replenishable item again. */
    REFILL(EnumSet.of(CHECKOUT, REPLENISHMENT_DUE)),
    /** The catalog upgradeTo of the customer's plan or purchased item. */
    TIER_UPGRADE(EnumSet.of(CHECKOUT, RENEWAL, USAGE_MILESTONE, SIGN_UP)),
    /** An in-season item. */
    SEASONAL(EnumSet.allOf(TriggerType.class)),
    /** The item the trigger was about (the one viewed, bought or running out). */
    TRIGGER_ITEM(EnumSet.of(CHECKOUT, REPLENISHMENT_DUE, BROWSE_ABANDON, RENEWAL)),
    /** No item: an informational text. */
    NONE(EnumSet.allOf(TriggerType.class));

    private final Set<TriggerType> triggers;

    OfferStrategy(Set<TriggerType> triggers) {
        this.triggers = Set.copyOf(triggers);
    }

    /** The trigger types this strategy can find an item for. */
    public Set<TriggerType> triggers() {
        return triggers;
    }

    public boolean worksWith(TriggerType type) {
        return triggers.contains(type);
    }

    public boolean offersItem() {
        return this != NONE;
    }
}
