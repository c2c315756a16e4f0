package dev.nudge.webhooks;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tracked links: {@code <publicBase>/c/<intentId>?u=<target>&s=<signature>}. The target travels in the link, signed
 * with HMAC-SHA256 over intentId and target, so the service needs no registry of links and cannot be used as an open
 * redirect. Whoever writes the text (the sequencer's templates) builds the link with {@link #link}.
 */
public final class ClickLinks {

    private ClickLinks() {
    }

    public static String link(String publicBase, String secret, String intentId, String target) {
        String base = publicBase.endsWith("/") ? publicBase.substring(0, publicBase.length() - 1) : publicBase;
        return base + "/c/" + URLEncoder.encode(intentId, StandardCharsets.UTF_8) + "?u="
                + URLEncoder.encode(target, StandardCharsets.UTF_8) + "&s=" + signature(secret, intentId, target);
    }

    static boolean isValid(String secret, String intentId, String target, String signature) {
        return signature != null && MessageDigest.isEqual(signature(secret, intentId, target)
                .getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
    }

    static String signature(String secret, String intentId, String target) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((intentId + "\n" + target).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
