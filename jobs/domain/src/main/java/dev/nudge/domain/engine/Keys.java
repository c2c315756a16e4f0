package dev.nudge.domain.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.StringJoiner;

/**
 * Every key the engine makes, in one place. Parts are escaped ({@code \} → {@code \\}, {@code :} → {@code \:}, null
 * → {@code \-}) and joined by {@code :}, so an id that holds a {@code :} cannot make two keys equal. Keys carry the
 * location of the order that started a run (store order numbers repeat across locations) and nothing read from the
 * wall clock, so a replay of the same input makes the same keys in either time mode.
 */
public final class Keys {

    private Keys() {
    }

    /** The idempotency key of one step's text: the dispatcher sends each key at most once. */
    static String intentId(String brandId, String triggerLocationId, String customerId, String sequenceId, int version,
                           int step, String triggerId) {
        return join(brandId, triggerLocationId, customerId, sequenceId, version, step, triggerId);
    }

    /** One run of a sequence: a trigger seen again (a replayed order) does not start it twice. */
    static String run(String triggerLocationId, String sequenceId, String triggerId) {
        return join(triggerLocationId, sequenceId, triggerId);
    }

    /**
     * A short id for one decision, from what was decided and the occasion of the turn (the input's own time, or the
     * timer's) and the decision's place in the turn: never the clock the engine runs by.
     */
    static String decisionId(Object... parts) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(join(parts).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /**
     * A 64-bit FNV-1a hash of {@code key}'s characters: what the state keeps of a run or engagement id to recognise
     * it again (a false match among a customer's few dozen recent ids is out of reach; nothing secret depends on it).
     */
    static long hash(String key) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            hash = (hash ^ key.charAt(i)) * 0x100000001b3L;
        }
        return hash;
    }

    /** The decision that a sequence definition version was accepted or rejected: one per version and verdict. */
    public static String definitionDecisionId(String brandId, String sequenceId, int version, boolean accepted) {
        return join(brandId, sequenceId, version, accepted ? "accepted" : "rejected");
    }

    static String join(Object... parts) {
        StringJoiner joined = new StringJoiner(":");
        for (Object part : parts) {
            joined.add(part == null ? "\\-" : part.toString().replace("\\", "\\\\").replace(":", "\\:"));
        }
        return joined.toString();
    }
}
