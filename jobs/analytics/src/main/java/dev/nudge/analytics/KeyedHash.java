package dev.nudge.analytics;

import dev.nudge.platform.clickhouse.CustomerPseudonym;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pseudonymises customers and phone numbers before they reach ClickHouse: HMAC-SHA256 under a secret key, truncated
 * to 64 bits, as 16 hex digits. The same input always gives the same hash (joins work), and without the key a
 * hash cannot be tested against guessed phone numbers.
 */
public final class KeyedHash implements CustomerPseudonym {

    private static final long serialVersionUID = 1L;
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MIN_KEY_BYTES = 16;

    private final byte[] key;
    private transient Mac mac;

    public KeyedHash(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("The hash key needs at least " + MIN_KEY_BYTES + " bytes, got " + key.length);
        }
        this.key = key.clone();
    }

    public static KeyedHash ofSecret(String secret) {
        return new KeyedHash(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The customer's pseudonym within its brand. */
    @Override
    public String customer(String brandId, String customerId) {
        return hash("customer:" + brandId + ":" + customerId);
    }

    /** An E.164 number's pseudonym. */
    public String phone(String e164) {
        return hash("phone:" + e164);
    }

    private synchronized String hash(String value) {
        if (mac == null) {
            try {
                mac = Mac.getInstance(ALGORITHM);
                mac.init(new SecretKeySpec(key, ALGORITHM));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Every JVM has " + ALGORITHM, e);
            }
        }
        byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 8);
    }
}
