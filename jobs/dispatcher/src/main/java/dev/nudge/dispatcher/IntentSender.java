package dev.nudge.dispatcher;

import dev.nudge.dispatcher.ledger.SendLedgerEntry;
import dev.nudge.dispatcher.ledger.SendState;
import dev.nudge.events.EngagementType;
import dev.nudge.events.SmsIntent;
import dev.nudge.platform.twilio.SentMessage;
import dev.nudge.platform.twilio.TwilioCallException;
import dev.nudge.platform.twilio.TwilioSmsClient;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one intent by the ledger protocol: ATTEMPTING is durable before every Twilio call, SENT / FAILED / IN_DOUBT
 * after it. Only an answer that proves Twilio refused the message (429, 4xx) is retried or failed at once; after any
 * other (a 5xx, a time-out, a refused connection) Twilio may have stored the message, so it is looked up first and
 * sent again only when it is not there. Thread-safe.
 */
final class IntentSender {

    /** Twilio: the recipient replied STOP to this sender. */
    static final int UNSUBSCRIBED_RECIPIENT = 21610;
    /** The skip reason of a text to a number a {@code recipientAllowlist} leaves out. */
    static final String NOT_ON_ALLOWLIST = "NOT_ON_ALLOWLIST";

    private static final Logger LOG = LoggerFactory.getLogger(IntentSender.class);

    /** What a look-up for a message of unknown fate concluded. */
    private enum Lookup { SENT, IN_DOUBT, NOT_SENT }

    private final DispatcherSettings settings;
    private final TwilioSmsClient twilio;
    private final SendLedger ledger;
    private final SuppressionList suppressions;
    private final EngagementPublisher engagements;
    private final Clock clock;
    private final DispatcherHooks hooks;
    private final DispatcherStats stats;
    private final SenderRateLimiter rateLimiter;
    private final Backoff backoff;
    private final LedgerFences fences;

    IntentSender(DispatcherSettings settings, TwilioSmsClient twilio, SendLedger ledger, LedgerFences fences,
            SuppressionList suppressions, EngagementPublisher engagements, Clock clock, DispatcherHooks hooks,
            DispatcherStats stats) {
        this.fences = fences;
        this.settings = settings;
        this.twilio = twilio;
        this.ledger = ledger;
        this.suppressions = suppressions;
        this.engagements = engagements;
        this.clock = clock;
        this.hooks = hooks;
        this.stats = stats;
        this.rateLimiter = new SenderRateLimiter(settings.sendsPerSecondPerSender());
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());
    }

    /** This instance's share of every sender's budget: the share of the outbox partitions it owns. */
    void shareSenderBudget(double fraction) {
        rateLimiter.share(fraction);
    }

    /**
     * Sends an intent read from this outbox partition.
     *
     * @throws LedgerFences.FencedException when the partition moved to another instance before a Twilio call: the
     *         intent is left to its new owner
     */
    void send(SmsIntent intent, int outboxPartition) {
        Instant now = clock.instant();
        String brand = intent.getTenant().getBrandId();
        Optional<String> sender = settings.senderFor(brand);
        if (sender.isEmpty()) {
            SendLedgerEntry failed = entry(intent, "", SendState.FAILED, now).setReason("no sender for brand " + brand)
                    .build();
            ledger.writeFenced(failed, fences, outboxPartition);
            publish(failed, EngagementType.FAILED, now);
            stats.failed.incrementAndGet();
            return;
        }
        Optional<String> blockedOnArrival = blockReason(intent, now);
        if (blockedOnArrival.isPresent()) {
            skip(entry(intent, sender.get(), SendState.SKIPPED, now), blockedOnArrival.get(), outboxPartition);
            return;
        }
        SendLedgerEntry.Builder attempt = entry(intent, sender.get(), SendState.ATTEMPTING, now);
        for (int call = 1; ; call++) {
            hooks.beforeClaim(intent);
            rateLimiter.acquire(sender.get());
            // Checked right before every call: consent, quiet hours and expiry change while a text waits its turn.
            Instant callAt = clock.instant();
            Optional<String> blocked = blockReason(intent, callAt);
            if (blocked.isPresent()) {
                skip(attempt.setAt(callAt), blocked.get(), outboxPartition);
                return;
            }
            // The claim: committed only while this instance owns the partition, so a stalled instance cannot call.
            ledger.writeFenced(attempt.setState(SendState.ATTEMPTING).setAt(callAt).build(), fences, outboxPartition);
            try {
                SentMessage message = twilio.send(sender.get(), intent.getToPhone(), intent.getBody(),
                        statusCallback(intent.getIntentId()));
                hooks.afterTwilioAccepted(intent, message.sid());
                recordSent(attempt, message.sid(), false);
                return;
            } catch (TwilioCallException e) {
                stats.twilioError(e);
                if (e.isPermanent()) {
                    recordPermanentFailure(attempt, e);
                    return;
                }
                if (e.httpStatus() != 429) {
                    // A 5xx or no answer: Twilio may have stored the message. Look before sending it again.
                    LOG.warn("Unclear answer sending {}: looking it up ({})", intent.getIntentId(), e.getMessage());
                    Lookup found = lookUp(attempt.build(), e);
                    if (found != Lookup.NOT_SENT) {
                        return;
                    }
                }
                if (call >= settings.maxAttempts()) {
                    recordGaveUp(attempt, call, e);
                    return;
                }
                stats.retries.incrementAndGet();
                LockSupport.parkNanos(backoff.before(call).toNanos());
            }
        }
    }

    /**
     * After a call that may have created the message: waits {@code inDoubtSettle}, then looks for it at Twilio,
     * repeating a look-up Twilio does not answer up to maxAttempts times. Found: SENT. Not found: NOT_SENT, so the
     * caller sends again, except after a time-out when the settings forbid resending what cannot be found (then
     * IN_DOUBT). No answer to any look-up: IN_DOUBT, left to {@link #recheckInDoubt}, unless the call never reached
     * Twilio at all (a refused connection created nothing).
     */
    private Lookup lookUp(SendLedgerEntry attempt, TwilioCallException unclear) {
        waitToSettle(attempt);
        for (int look = 1; ; look++) {
            try {
                if (find(attempt)) {
                    return Lookup.SENT;
                }
                boolean timedOut = unclear.httpStatus() == 0 && !unclear.neverConnected();
                if (timedOut && !settings.resendIfNotFound()) {
                    recordInDoubt(SendLedgerEntry.newBuilder(attempt),
                            "no answer from Twilio, and no such message found there");
                    return Lookup.IN_DOUBT;
                }
                return Lookup.NOT_SENT;
            } catch (TwilioCallException lookupFailed) {
                if (unclear.neverConnected()) {
                    return Lookup.NOT_SENT;
                }
                if (look >= settings.maxAttempts()) {
                    recordInDoubt(SendLedgerEntry.newBuilder(attempt),
                            "unclear answer from Twilio, and it did not answer the look-up: " + lookupFailed.getMessage());
                    return Lookup.IN_DOUBT;
                }
                LockSupport.parkNanos(backoff.before(look).toNanos());
            }
        }
    }

    /**
     * Settles sends a previous run left ATTEMPTING, one at a time, before new sends start: found at Twilio → SENT,
     * else IN_DOUBT (rechecked later by {@link #recheckInDoubt}).
     */
    void reconcileAll(List<SendLedgerEntry> attempting) {
        if (!attempting.isEmpty()) {
            LOG.info("Reconciling {} sends left in doubt by the previous run", attempting.size());
        }
        for (SendLedgerEntry entry : attempting) {
            waitToSettle(entry);
            String reason;
            try {
                if (find(entry)) {
                    continue;
                }
                reason = "left ATTEMPTING by a previous run, and no such message found at Twilio";
            } catch (TwilioCallException e) {
                reason = "left ATTEMPTING by a previous run, and Twilio did not answer the look-up: " + e.getMessage();
            }
            recordInDoubt(SendLedgerEntry.newBuilder(entry), reason);
        }
    }

    /**
     * Looks again for every IN_DOUBT text: found → SENT; still missing once {@code inDoubtHorizon} has passed since
     * its first attempt → FAILED (Twilio would show a message it stored by then: it was not sent); else it stays in
     * doubt until the next pass.
     */
    void recheckInDoubt(List<SendLedgerEntry> inDoubt) {
        for (SendLedgerEntry entry : inDoubt) {
            try {
                if (find(entry)) {
                    continue;
                }
                if (clock.instant().isAfter(entry.getAttemptedAt().plus(settings.inDoubtHorizon()))) {
                    recordNotFound(entry);
                }
            } catch (TwilioCallException e) {
                LOG.debug("Twilio did not answer the look-up for {}: {}", entry.getIntentId(), e.getMessage());
            }
        }
    }

    private void waitToSettle(SendLedgerEntry entry) {
        Duration waited = Duration.between(entry.getAt(), clock.instant());
        if (waited.compareTo(settings.inDoubtSettle()) < 0) {
            LockSupport.parkNanos(settings.inDoubtSettle().minus(waited).toNanos());
        }
    }

    /**
     * Looks for the entry's message at Twilio, whatever its status (queued, sending, sent): same recipient, same body,
     * created around the attempts, and not another intent's (claimed atomically, so two intents never take one sid).
     * Found: records SENT with its sid. More than one such message counts as a second sid for the intent.
     *
     * @throws TwilioCallException when Twilio does not answer the look-up
     */
    private boolean find(SendLedgerEntry entry) {
        Duration margin = settings.reconcileMargin();
        List<SentMessage> candidates = twilio.listCreatedTo(entry.getToPhone(),
                entry.getAttemptedAt().minus(margin), clock.instant().plus(margin)).stream()
                .filter(message -> entry.getBodyHash().equals(bodyHash(message.body())))
                .filter(message -> ledger.claimedBy(message.sid()).map(entry.getIntentId()::equals).orElse(true))
                .toList();
        Optional<SentMessage> claimed = candidates.stream()
                .filter(message -> ledger.claim(message.sid(), entry.getIntentId()))
                .findFirst();
        if (candidates.size() > 1) {
            stats.secondSids.addAndGet(candidates.size() - 1);
            LOG.error("Twilio holds {} messages for {}: {}", candidates.size(), entry.getIntentId(),
                    candidates.stream().map(SentMessage::sid).toList());
        }
        if (claimed.isEmpty()) {
            return false;
        }
        recordSent(SendLedgerEntry.newBuilder(entry).setReason("reconciled: found at Twilio after the answer was lost"),
                claimed.get().sid(), true);
        return true;
    }

    private void recordInDoubt(SendLedgerEntry.Builder entry, String reason) {
        Instant now = clock.instant();
        SendLedgerEntry inDoubt = entry.setState(SendState.IN_DOUBT).setAt(now).setReason(reason).build();
        ledger.write(inDoubt);
        publish(inDoubt, EngagementType.IN_DOUBT, now);
        stats.inDoubt.incrementAndGet();
        LOG.warn("Send of {} is in doubt ({}); not sent again, looked up again later", entry.getIntentId(), reason);
    }

    private void recordNotFound(SendLedgerEntry entry) {
        Instant now = clock.instant();
        SendLedgerEntry failed = SendLedgerEntry.newBuilder(entry).setState(SendState.FAILED).setAt(now)
                .setReason("in doubt, and not found at Twilio within " + settings.inDoubtHorizon() + ": not sent")
                .build();
        publish(failed, EngagementType.FAILED, now);
        ledger.write(failed);
        stats.failed.incrementAndGet();
    }

    /** The engagement goes first: a crash before the ledger write leaves ATTEMPTING, and reconciliation repeats both. */
    private void recordSent(SendLedgerEntry.Builder attempt, String sid, boolean reconciled) {
        Instant now = clock.instant();
        ledger.latest(attempt.getIntentId()).map(SendLedgerEntry::getProviderMessageId)
                .filter(earlier -> !earlier.equals(sid))
                .ifPresent(earlier -> {
                    stats.secondSids.incrementAndGet();
                    LOG.error("Second message {} for {}, which already had {}", sid, attempt.getIntentId(), earlier);
                });
        SendLedgerEntry sent = attempt.setState(SendState.SENT).setAt(now).setProviderMessageId(sid).build();
        publish(sent, EngagementType.SENT, now);
        ledger.write(sent);
        (reconciled ? stats.reconciledSent : stats.sent).incrementAndGet();
    }

    private void recordPermanentFailure(SendLedgerEntry.Builder attempt, TwilioCallException e) {
        Instant now = clock.instant();
        Integer code = e.twilioCode().isPresent() ? e.twilioCode().getAsInt() : null;
        SendLedgerEntry failed = attempt.setState(SendState.FAILED).setAt(now).setErrorCode(code)
                .setReason(e.getMessage()).build();
        if (code != null && code == UNSUBSCRIBED_RECIPIENT) {
            suppressions.optOut(failed.getBrandId(), failed.getCustomerId(), failed.getToPhone(), now);
            publish(failed, EngagementType.OPTED_OUT, now);
        } else {
            publish(failed, EngagementType.FAILED, now);
        }
        ledger.write(failed);
        stats.failed.incrementAndGet();
    }

    private void recordGaveUp(SendLedgerEntry.Builder attempt, int calls, TwilioCallException e) {
        Instant now = clock.instant();
        Integer code = e.twilioCode().isPresent() ? e.twilioCode().getAsInt() : null;
        SendLedgerEntry failed = attempt.setState(SendState.FAILED).setAt(now).setErrorCode(code)
                .setReason("gave up after " + calls + " calls: " + e.getMessage()).build();
        publish(failed, EngagementType.FAILED, now);
        ledger.write(failed);
        stats.failed.incrementAndGet();
    }

    private void skip(SendLedgerEntry.Builder entry, String reason, int outboxPartition) {
        ledger.writeFenced(entry.setState(SendState.SKIPPED).setReason(reason).build(), fences, outboxPartition);
        stats.skipped.incrementAndGet();
        LOG.debug("Not sending {}: {}", entry.getIntentId(), reason);
    }

    /**
     * Opt-outs and revoked consent count from their arrival; expiry and quiet hours are judged at the time
     * {@link SendTime} says.
     */
    private Optional<String> blockReason(SmsIntent intent, Instant now) {
        if (!settings.allowsRecipient(intent.getToPhone())) {
            return Optional.of(NOT_ON_ALLOWLIST);
        }
        Optional<String> suppressed = suppressions.blockReason(intent.getTenant().getBrandId(), intent.getCustomerId(),
                intent.getToPhone());
        if (suppressed.isPresent()) {
            return suppressed;
        }
        return SendWindow.blockReason(intent, settings.sendTime().judgedAt(intent.getCreatedAt(), now));
    }

    /** The engagement carries the time {@link SendTime} says: now, or the text's decision time. */
    private void publish(SendLedgerEntry send, EngagementType type, Instant now) {
        engagements.publish(send, type, settings.sendTime().judgedAt(send.getDecidedAt(), now));
    }

    private URI statusCallback(String intentId) {
        return settings.webhookBase().map(base -> URI.create(stripSlash(base.toString()) + "/twilio/status?intent="
                + URLEncoder.encode(intentId, StandardCharsets.UTF_8))).orElse(null);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static SendLedgerEntry.Builder entry(SmsIntent intent, String sender, SendState state, Instant now) {
        return SendLedgerEntry.newBuilder()
                .setIntentId(intent.getIntentId())
                .setState(state)
                .setAt(now)
                .setAttemptedAt(now)
                .setBrandId(intent.getTenant().getBrandId())
                .setLocationId(intent.getTenant().getLocationId())
                .setCustomerId(intent.getCustomerId())
                .setToPhone(intent.getToPhone())
                .setSender(sender)
                .setBodyHash(bodyHash(intent.getBody()))
                .setSequenceId(intent.getSequenceId())
                .setSequenceVersion(intent.getSequenceVersion())
                .setStep(intent.getStep())
                .setVariant(intent.getVariant())
                .setLinkTarget(intent.getLinkTarget())
                .setDecidedAt(intent.getCreatedAt())
                .setLocale(intent.getLocale());
    }

    static String bodyHash(String body) {
        if (body == null) {
            return "";
        }
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
