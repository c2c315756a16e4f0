package dev.nudge.domain.tenant;

/**
 * The key of a customer of a brand, {@code brand/customer}: how the jobs partition, key state and find a customer
 * again. This is the one place that writes and reads it. A brand id holding {@code /} would make the key ambiguous,
 * so the input checks refuse it ({@link #brandIdProblem}); a customer id may hold one (everything after the first
 * {@code /} is the customer).
 */
public final class CustomerKey {

    private static final char SEPARATOR = '/';

    private CustomerKey() {
    }

    public static String of(String brandId, String customerId) {
        return brandId + SEPARATOR + customerId;
    }

    public static String brandId(String key) {
        return key.substring(0, separator(key));
    }

    public static String customerId(String key) {
        return key.substring(separator(key) + 1);
    }

    /** Why {@code brandId} cannot be part of a key, or null when it can. */
    public static String brandIdProblem(String brandId) {
        if (brandId.isBlank()) {
            return "tenant.brandId is blank";
        }
        return brandId.indexOf(SEPARATOR) >= 0 ? "tenant.brandId \"" + brandId + "\" holds '" + SEPARATOR
                + "', which separates brand and customer in keys" : null;
    }

    private static int separator(String key) {
        int at = key.indexOf(SEPARATOR);
        if (at < 0) {
            throw new IllegalArgumentException("not a brand/customer key: " + key);
        }
        return at;
    }
}
