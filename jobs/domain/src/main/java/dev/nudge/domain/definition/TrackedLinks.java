package dev.nudge.domain.definition;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short tracked links: a text's {link} becomes {@code <base>/<token>}, where the token is an HMAC of the text's intent
 * id under a secret that only the sequencer and the webhook service hold. The webhook service finds the text by its
 * token in the send ledger, records the click and redirects to the product page the ledger holds, so the link carries
 * no target and cannot be turned into an open redirect; and since intent ids are guessable, the key is what keeps
 * anyone else from making a valid token (a forged click).
 */
public final class TrackedLinks implements Serializable {

    private static final long serialVersionUID = 1L;
    /** 11 base64url characters: 66 bits, unguessable under a secret key and short enough for a text. */
    static final int TOKEN_LENGTH = 11;
    /** A shorter secret is too easy to guess offline from one known link. */
    static final int MIN_SECRET_LENGTH = 16;
    private static final String HMAC = "HmacSHA256";

    private final byte[] secret;

    /** @param secret shared by the sequencer and the webhook service ({@code NUDGE_LINK_SECRET}), 16 characters at least */
    public TrackedLinks(String secret) {
        if (secret == null || secret.strip().length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("the tracked-link secret needs at least " + MIN_SECRET_LENGTH
                    + " characters");
        }
        this.secret = secret.strip().getBytes(StandardCharsets.UTF_8);
    }

    public String token(String intentId) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            byte[] digest = mac.doFinal(intentId.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, TOKEN_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is part of every JDK", e);
        }
    }

    /** The link that goes into the text of {@code intentId}, under {@code base} (e.g. {@code https://ndg.to}). */
    public String link(String base, String intentId) {
        return (base.endsWith("/") ? base : base + "/") + token(intentId);
    }

    @Override
    public String toString() {
        return "TrackedLinks[secret=***]";
    }
}
