package dev.nudge.domain.offer;

/**
 * Which product a step of a sequence offers. Mirrors the strategy names used by sequence definitions; the
 * engine maps one onto the other.
 */
public enum OfferStrategy {
    /** A small extra sold with the trigger item (a case for a phone). */
    ADD_ON,
    /** Something that goes with the trigger item (socks for shoes). */
    COMPLEMENT,
    /** The trigger item again, when it runs out (food, filters). */
    REFILL,
    /** The better version of the trigger item. */
    TIER_UPGRADE,
    /** A seasonal item in the categories the customer cares about. */
    SEASONAL,
    /** The trigger item itself (an abandoned cart, a viewed product). */
    TRIGGER_ITEM,
    /** No product: a plain message. */
    NONE
}
