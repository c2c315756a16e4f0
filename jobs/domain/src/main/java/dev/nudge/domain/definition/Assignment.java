package dev.nudge.domain.definition;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Stable, even assignment of customers to the holdout group and to step variants. It depends on brand, sequence
 * and customer only, not on the version, so publishing a new version does not reshuffle anyone; a customer gets
 * the same variant in every step that offers the same variants.
 */
public final class Assignment {

    private static final int BUCKETS = 10_000;

    private Assignment() {}

    /** Whether the customer is in the holdout: entered and measured, but never texted. */
    public static boolean heldOut(SequenceDefinition definition, String customerKey) {
        return bucket(definition, "holdout", customerKey) < definition.holdoutPercent() * (BUCKETS / 100);
    }

    /** The variant id the customer gets in a step; "A" for a step without variants. */
    public static String variantFor(SequenceDefinition definition, int stepIndex, String customerKey) {
        List<String> ids = definition.step(stepIndex).variantIds();
        return ids.get(bucket(definition, "variant", customerKey) * ids.size() / BUCKETS);
    }

    private static int bucket(SequenceDefinition definition, String purpose, String customerKey) {
        String key = String.join("\u0000", definition.brandId(), definition.id(), purpose, customerKey);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return (int) Long.remainderUnsigned(ByteBuffer.wrap(hash).getLong(), BUCKETS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
