package dev.nudge.webhooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * What protects the webhook service from the public internet, and what keeps replies from being lost.
 *
 * @param linkSecret             keys the tracked links' tokens ({@code TrackedLinks}); the sequencer holds the same
 * @param maxBodyBytes           the largest request body read, whatever its encoding; larger ones get 413 unread
 * @param linkRequestsPerSecond  requests a second one address may make to the public link route before 429
 * @param spoolDirectory         where inbound texts are kept (fsynced) until Kafka has them
 * @param parkedCallbackCapacity status callbacks kept for intents the ledger view does not know yet
 */
public record WebhookGuards(String linkSecret, int maxBodyBytes, int linkRequestsPerSecond, Path spoolDirectory,
        int parkedCallbackCapacity) {

    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    public static final int DEFAULT_LINK_REQUESTS_PER_SECOND = 20;
    public static final int DEFAULT_PARKED_CALLBACK_CAPACITY = 100_000;

    public WebhookGuards {
        Objects.requireNonNull(linkSecret, "linkSecret");
        Objects.requireNonNull(spoolDirectory, "spoolDirectory");
    }

    /**
     * A random link secret (links from a sequencer that does not share it resolve to nothing), the default limits and
     * a spool in a new temporary folder: for tests and the demo.
     */
    public static WebhookGuards defaults() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        try {
            return new WebhookGuards(Base64.getUrlEncoder().encodeToString(secret), DEFAULT_MAX_BODY_BYTES,
                    DEFAULT_LINK_REQUESTS_PER_SECOND, Files.createTempDirectory("nudge-webhooks-spool"),
                    DEFAULT_PARKED_CALLBACK_CAPACITY);
        } catch (IOException e) {
            throw new UncheckedIOException("No temporary folder for the inbound spool", e);
        }
    }

    public WebhookGuards withLinkSecret(String secret) {
        return new WebhookGuards(secret, maxBodyBytes, linkRequestsPerSecond, spoolDirectory, parkedCallbackCapacity);
    }

    public WebhookGuards withLinkRequestsPerSecond(int perSecond) {
        return new WebhookGuards(linkSecret, maxBodyBytes, perSecond, spoolDirectory, parkedCallbackCapacity);
    }

    public WebhookGuards withSpoolDirectory(Path directory) {
        return new WebhookGuards(linkSecret, maxBodyBytes, linkRequestsPerSecond, directory, parkedCallbackCapacity);
    }

    @Override
    public String toString() {
        return "WebhookGuards[linkSecret=***, maxBodyBytes=" + maxBodyBytes + ", linkRequestsPerSecond="
                + linkRequestsPerSecond + ", spoolDirectory=" + spoolDirectory + ", parkedCallbackCapacity="
                + parkedCallbackCapacity + "]";
    }
}
