package dev.nudge.domain.definition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Short tracked links: a text's {link} becomes {@code <base>/<token>}, where the token is derived from the text's
 * intent id. The webhook service finds the text by its token in the send ledger, records the click and redirects to
 * the product page the ledger holds, so the link carries no target and cannot be turned into an open redirect.
 */
public final class TrackedLinks {

    /** 11 base64url characters: 66 bits, so tokens of different texts do not collide in practice. */
    static final int TOKEN_LENGTH = 11;

    private TrackedLinks() {}

    public static String token(String intentId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(intentId.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, TOKEN_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The link that goes into the text of {@code intentId}, under {@code base} (e.g. {@code https://ndg.to}). */
    public static String link(String base, String intentId) {
        return (base.endsWith("/") ? base : base + "/") + token(intentId);
    }
}
