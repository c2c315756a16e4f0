package dev.nudge.replay;

/**
 * Why a line of an order export was left out. A line counts under the first reason that applies, in this order.
 */
public enum SkipReason {
    /** The same line, field for field, was already read: exports often repeat rows. */
    DUPLICATE_ROW,
    /** No customer id: a guest checkout nobody could have texted. */
    MISSING_CUSTOMER_ID,
    /** The order number starts with "C": a cancelled invoice. */
    CANCELLED_ORDER,
    /** Postage, a fee, a discount or another code from {@link OrderCsvFormat#nonProductCodes()}. */
    NON_PRODUCT,
    /** The quantity or the unit price is not a number. */
    UNPARSEABLE_NUMBER,
    /** A zero or negative quantity: a return or a correction outside a cancelled invoice. */
    RETURN_OR_ZERO_QUANTITY,
    /** A zero or negative unit price: free gifts and bad-debt adjustments are not sales of a product. */
    NON_POSITIVE_PRICE
}
