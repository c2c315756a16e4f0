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
 * after it. Retries 429 and 5xx answers with backoff; a call with no answer is in doubt and goes to reconciliation
 * instead of being repeated. Thread-safe.
 */
final class IntentSender {

    /** Twilio: the recipient replied STOP to this sender. */
    static final int UNSUBSCRIBED_RECIPIENT = 21610;

    private static final Logger LOG = LoggerFactory.getLogger(IntentSender.class);

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

    IntentSender(DispatcherSettings settings, TwilioSmsClient twilio, SendLedger ledger, SuppressionList suppressions,
            EngagementPublisher engagements, Clock clock, DispatcherHooks hooks, DispatcherStats stats) {
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

    void send(SmsIntent intent) {
        Instant now = clock.instant();
        String brand = intent.getTenant().getBrandId();
        Optional<String> sender = settings.senderFor(brand);
        if (sender.isEmpty()) {
            SendLedgerEntry failed = entry(intent, "", SendState.FAILED, now).setReason("no sender for brand " + brand)
                    .build();
            ledger.write(failed);
            publish(failed, EngagementType.FAILED, now);
            stats.failed.incrementAndGet();
            return;
        }
        Optional<String> blockedOnArrival = blockReason(intent, now);
        if (blockedOnArrival.isPresent()) {
            skip(entry(intent, sender.get(), SendState.SKIPPED, now), blockedOnArrival.get());
            return;
        }
        SendLedgerEntry.Builder attempt = entry(intent, sender.get(), SendState.ATTEMPTING, now);
        for (int call = 1; ; call++) {
            rateLimiter.acquire(sender.get());
            // Checked right before every call: consent, quiet hours and expiry change while a text waits its turn.
            Instant callAt = clock.instant();
            Optional<String> blocked = blockReason(intent, callAt);
            if (blocked.isPresent()) {
                skip(attempt.setAt(callAt), blocked.get());
                return;
            }
            ledger.write(attempt.setState(SendState.ATTEMPTING).setAt(callAt).build());
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
                if (e.httpStatus() == 0) {
                    // No answer: Twilio may have the message. Look before sending it again.
                    LOG.warn("No answer sending {}: reconciling ({})", intent.getIntentId(), e.getMessage());
                    if (reconcile(attempt.build(), settings.inDoubtSettle()) || !settings.resendIfNotFound()) {
                        return;
                    }
                } else if (call >= settings.maxAttempts()) {
                    recordGaveUp(attempt, call, e);
                    return;
                }
                stats.retries.incrementAndGet();
                LockSupport.parkNanos(backoff.before(call).toNanos());
            }
        }
    }

    /**
     * Settles sends a previous run left ATTEMPTING, one at a time, before new sends start.
     */
    void reconcileAll(List<SendLedgerEntry> attempting) {
        if (!attempting.isEmpty()) {
            LOG.info("Reconciling {} sends left in doubt by the previous run", attempting.size());
        }
        for (SendLedgerEntry entry : attempting) {
            reconcile(entry, settings.inDoubtSettle());
        }
    }

    /**
     * Looks for the message at Twilio (same recipient, same body, sent around the attempt, not already another
     * intent's) once {@code settle} has passed since the last attempt. Found: SENT with its sid. Not found: IN_DOUBT,
     * unless the settings say to send again, in which case the entry stays ATTEMPTING for the caller.
     *
     * @return whether the send is settled (SENT or IN_DOUBT)
     */
    private boolean reconcile(SendLedgerEntry entry, Duration settle) {
        Duration waited = Duration.between(entry.getAt(), clock.instant());
        if (waited.compareTo(settle) < 0) {
            LockSupport.parkNanos(settle.minus(waited).toNanos());
        }
        Duration margin = settings.reconcileMargin();
        List<SentMessage> candidates = twilio.listSentTo(entry.getToPhone(),
                entry.getAttemptedAt().minus(margin), entry.getAt().plus(margin));
        Optional<SentMessage> found = candidates.stream()
                .filter(message -> entry.getBodyHash().equals(bodyHash(message.body())))
                .filter(message -> !ledger.isClaimed(message.sid()))
                .findFirst();
        SendLedgerEntry.Builder settled = SendLedgerEntry.newBuilder(entry);
        if (found.isPresent()) {
            recordSent(settled.setReason("reconciled: found at Twilio after the answer was lost"), found.get().sid(),
                    true);
            return true;
        }
        if (settings.resendIfNotFound()) {
            return false;
        }
        Instant now = clock.instant();
        SendLedgerEntry inDoubt = settled.setState(SendState.IN_DOUBT).setAt(now)
                .setReason("no answer from Twilio, and no such message found there").build();
        ledger.write(inDoubt);
        publish(inDoubt, EngagementType.IN_DOUBT, now);
        stats.inDoubt.incrementAndGet();
        LOG.warn("Send of {} is in doubt: not found at Twilio; not sent again", entry.getIntentId());
        return true;
    }

    /** The engagement goes first: a crash before the ledger write leaves ATTEMPTING, and reconciliation repeats both. */
    private void recordSent(SendLedgerEntry.Builder attempt, String sid, boolean reconciled) {
        Instant now = clock.instant();
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

    private void skip(SendLedgerEntry.Builder entry, String reason) {
        ledger.write(entry.setState(SendState.SKIPPED).setReason(reason).build());
        stats.skipped.incrementAndGet();
        LOG.debug("Not sending {}: {}", entry.getIntentId(), reason);
    }

    /**
     * Opt-outs and revoked consent count from their arrival; expiry and quiet hours are judged at the time
     * {@link SendTime} says.
     */
    private Optional<String> blockReason(SmsIntent intent, Instant now) {
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
