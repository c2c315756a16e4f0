package dev.nudge.dispatcher;

import dev.nudge.platform.topics.Topics;
import dev.nudge.platform.twilio.TwilioSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the dispatcher is told. Build with {@link #builder(String, TwilioSettings)}; every other setting has a
 * default:
 *
 * <ul>
 *   <li>{@code topics}: {@link Topics#standard()}.</li>
 *   <li>{@code groupId}: {@value #DEFAULT_GROUP_ID}, the consumer group on the outbox.</li>
 *   <li>{@code instanceId}: default none; a stable name per instance (e.g. the pod name) makes it a static member
 *       of the group, so a restarted instance takes its partitions back at once instead of waiting for the crashed
 *       one's session to time out.</li>
 *   <li>{@code senders}: brandId → a sender number (E.164) or Messaging Service sid; an intent of a brand with no
 *       sender ends FAILED. Default: none.</li>
 *   <li>{@code defaultSender}: used for brands without their own sender; default none.</li>
 *   <li>{@code webhookBase}: public base URL of the webhook service; every text gets the status callback
 *       {@code <webhookBase>/twilio/status?intent=<intentId>}. Default none = no status callbacks.</li>
 *   <li>{@code maxConcurrentSends}: Twilio calls in flight at once, default {@value #DEFAULT_MAX_CONCURRENT_SENDS}.</li>
 *   <li>{@code sendsPerSecondPerSender}: default {@value #DEFAULT_SENDS_PER_SECOND_PER_SENDER} (a long code's
 *       usual limit is 1/s, a toll-free or short code's far more: set it per account).</li>
 *   <li>{@code maxAttempts}: Twilio calls per intent on 429/5xx answers, default {@value #DEFAULT_MAX_ATTEMPTS}.</li>
 *   <li>{@code initialBackoff}/{@code maxBackoff}: 200 ms doubling to 10 s, full jitter.</li>
 *   <li>{@code reconcileMargin}: how far around an attempt reconciliation looks for the message, default 2 min
 *       (Twilio's timestamps have second precision and clocks drift).</li>
 *   <li>{@code inDoubtSettle}: how long after an unanswered call reconciliation waits, so a request Twilio is still
 *       working on has landed; default twice the Twilio read timeout.</li>
 *   <li>{@code resendIfNotFound}: after a time-out, false (default) = a text the look-up cannot find is reported
 *       IN_DOUBT and not sent again; true = it is sent again (risking a duplicate if Twilio shows it late). After a
 *       5xx or a refused connection a text not found is always sent again (Twilio has finished with the request).</li>
 *   <li>{@code inDoubtRecheck}: how often IN_DOUBT texts are looked up again, default 1 min.</li>
 *   <li>{@code inDoubtHorizon}: how long after its first attempt an IN_DOUBT text is looked for; not found by then,
 *       it is FAILED (not sent). Default 1 day.</li>
 *   <li>{@code sessionTimeout}: the outbox consumer's session, default 15 s: an instance silent for longer (a crash, a
 *       SIGSTOP, a long GC pause) loses its partitions, and {@link LedgerFences} keeps it from sending once they have
 *       moved.</li>
 *   <li>{@code maxPollInterval}: the longest a batch may take (every send, retry and backoff of it) before the
 *       instance is taken out of the group and its partitions move; default 15 min.</li>
 *   <li>{@code maxPollRecords}: outbox records per batch (offsets are committed per batch), default
 *       {@value #DEFAULT_MAX_POLL_RECORDS}.</li>
 *   <li>{@code recipientAllowlist}: when set, the only numbers texts go to (a staging account, a demo on real
 *       phones); a text to any other number is SKIPPED {@code NOT_ON_ALLOWLIST} without a Twilio call. Default none:
 *       every number.</li>
 *   <li>{@code sendTime}: what time a send is judged at ({@link SendTime}): {@code WALL_CLOCK} (default, production)
 *       or {@code DECISION_TIME} (simulations and replays of history: expiry and quiet hours are checked at the
 *       intent's createdAt, and the engagements the dispatcher publishes carry that time; the ledger's times stay
 *       wall-clock and opt-outs still apply from their arrival).</li>
 * </ul>
 */
public final class DispatcherSettings {

    public static final String DEFAULT_GROUP_ID = "nudge-dispatcher";
    public static final int DEFAULT_MAX_CONCURRENT_SENDS = 8;
    public static final double DEFAULT_SENDS_PER_SECOND_PER_SENDER = 50;
    public static final int DEFAULT_MAX_ATTEMPTS = 6;
    public static final int DEFAULT_MAX_POLL_RECORDS = 200;

    private final String bootstrapServers;
    private final TwilioSettings twilio;
    private final Topics topics;
    private final String groupId;
    private final String instanceId;
    private final Map<String, String> senders;
    private final String defaultSender;
    private final URI webhookBase;
    private final Duration sessionTimeout;
    private final Duration maxPollInterval;
    private final int maxConcurrentSends;
    private final double sendsPerSecondPerSender;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration reconcileMargin;
    private final Duration inDoubtSettle;
    private final boolean resendIfNotFound;
    private final Duration inDoubtRecheck;
    private final Duration inDoubtHorizon;
    private final int maxPollRecords;
    private final SendTime sendTime;
    private final Set<String> recipientAllowlist;

    private DispatcherSettings(Builder b) {
        bootstrapServers = Objects.requireNonNull(b.bootstrapServers, "bootstrapServers");
        twilio = Objects.requireNonNull(b.twilio, "twilio");
        topics = b.topics;
        groupId = b.groupId;
        instanceId = b.instanceId;
        senders = Map.copyOf(b.senders);
        defaultSender = b.defaultSender;
        webhookBase = b.webhookBase;
        maxConcurrentSends = positive(b.maxConcurrentSends, "maxConcurrentSends");
        if (!(b.sendsPerSecondPerSender > 0)) {
            throw new IllegalArgumentException("sendsPerSecondPerSender must be positive");
        }
        sendsPerSecondPerSender = b.sendsPerSecondPerSender;
        maxAttempts = positive(b.maxAttempts, "maxAttempts");
        initialBackoff = b.initialBackoff;
        maxBackoff = b.maxBackoff;
        reconcileMargin = b.reconcileMargin;
        inDoubtSettle = b.inDoubtSettle == null ? twilio.readTimeout().multipliedBy(2) : b.inDoubtSettle;
        resendIfNotFound = b.resendIfNotFound;
        inDoubtRecheck = b.inDoubtRecheck;
        inDoubtHorizon = b.inDoubtHorizon;
        maxPollRecords = positive(b.maxPollRecords, "maxPollRecords");
        sessionTimeout = b.sessionTimeout;
        maxPollInterval = b.maxPollInterval;
        sendTime = b.sendTime;
        recipientAllowlist = b.recipientAllowlist == null ? null : Set.copyOf(b.recipientAllowlist);
    }

    public static Builder builder(String bootstrapServers, TwilioSettings twilio) {
        return new Builder(bootstrapServers, twilio);
    }

    /** The sender for a brand: its own, else the default. */
    public Optional<String> senderFor(String brandId) {
        return Optional.ofNullable(senders.getOrDefault(brandId, defaultSender));
    }

    /** Whether a text may go to this number: always, unless a {@code recipientAllowlist} leaves it out. */
    public boolean allowsRecipient(String phone) {
        return recipientAllowlist == null || recipientAllowlist.contains(phone);
    }

    public String bootstrapServers() { return bootstrapServers; }
    public TwilioSettings twilio() { return twilio; }
    public Topics topics() { return topics; }
    public String groupId() { return groupId; }
    public Optional<String> instanceId() { return Optional.ofNullable(instanceId); }
    public Optional<URI> webhookBase() { return Optional.ofNullable(webhookBase); }
    public int maxConcurrentSends() { return maxConcurrentSends; }
    public double sendsPerSecondPerSender() { return sendsPerSecondPerSender; }
    public int maxAttempts() { return maxAttempts; }
    public Duration initialBackoff() { return initialBackoff; }
    public Duration maxBackoff() { return maxBackoff; }
    public Duration reconcileMargin() { return reconcileMargin; }
    public Duration inDoubtSettle() { return inDoubtSettle; }
    public boolean resendIfNotFound() { return resendIfNotFound; }
    public Duration inDoubtRecheck() { return inDoubtRecheck; }
    public Duration inDoubtHorizon() { return inDoubtHorizon; }
    public int maxPollRecords() { return maxPollRecords; }
    public Duration sessionTimeout() { return sessionTimeout; }
    public Duration maxPollInterval() { return maxPollInterval; }
    public SendTime sendTime() { return sendTime; }

    private static int positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + value);
        }
        return value;
    }

    /** Mutable builder; see the class comment for the defaults. */
    public static final class Builder {
        private final String bootstrapServers;
        private final TwilioSettings twilio;
        private Topics topics = Topics.standard();
        private String groupId = DEFAULT_GROUP_ID;
        private String instanceId;
        private Map<String, String> senders = Map.of();
        private String defaultSender;
        private URI webhookBase;
        private int maxConcurrentSends = DEFAULT_MAX_CONCURRENT_SENDS;
        private double sendsPerSecondPerSender = DEFAULT_SENDS_PER_SECOND_PER_SENDER;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private Duration reconcileMargin = Duration.ofMinutes(2);
        private Duration inDoubtSettle;
        private boolean resendIfNotFound;
        private Duration inDoubtRecheck = Duration.ofMinutes(1);
        private Duration inDoubtHorizon = Duration.ofDays(1);
        private int maxPollRecords = DEFAULT_MAX_POLL_RECORDS;
        private Duration sessionTimeout = Duration.ofSeconds(15);
        private Duration maxPollInterval = Duration.ofMinutes(15);
        private SendTime sendTime = SendTime.WALL_CLOCK;
        private Set<String> recipientAllowlist;

        private Builder(String bootstrapServers, TwilioSettings twilio) {
            this.bootstrapServers = bootstrapServers;
            this.twilio = twilio;
        }

        public Builder topics(Topics value) { topics = Objects.requireNonNull(value); return this; }
        public Builder groupId(String value) { groupId = Objects.requireNonNull(value); return this; }
        public Builder instanceId(String value) { instanceId = value; return this; }
        public Builder senders(Map<String, String> value) { senders = Map.copyOf(value); return this; }
        public Builder defaultSender(String value) { defaultSender = value; return this; }
        public Builder webhookBase(URI value) { webhookBase = value; return this; }
        public Builder maxConcurrentSends(int value) { maxConcurrentSends = value; return this; }
        public Builder sendsPerSecondPerSender(double value) { sendsPerSecondPerSender = value; return this; }
        public Builder maxAttempts(int value) { maxAttempts = value; return this; }
        public Builder backoff(Duration initial, Duration max) { initialBackoff = initial; maxBackoff = max; return this; }
        public Builder reconcileMargin(Duration value) { reconcileMargin = Objects.requireNonNull(value); return this; }
        public Builder inDoubtSettle(Duration value) { inDoubtSettle = value; return this; }
        public Builder resendIfNotFound(boolean value) { resendIfNotFound = value; return this; }
        public Builder inDoubtRecheck(Duration value) { inDoubtRecheck = Objects.requireNonNull(value); return this; }
        public Builder inDoubtHorizon(Duration value) { inDoubtHorizon = Objects.requireNonNull(value); return this; }
        public Builder maxPollRecords(int value) { maxPollRecords = value; return this; }
        public Builder sessionTimeout(Duration value) { sessionTimeout = Objects.requireNonNull(value); return this; }
        public Builder maxPollInterval(Duration value) { maxPollInterval = Objects.requireNonNull(value); return this; }
        public Builder sendTime(SendTime value) { sendTime = Objects.requireNonNull(value); return this; }
        public Builder recipientAllowlist(Set<String> value) { recipientAllowlist = value; return this; }

        public DispatcherSettings build() {
            return new DispatcherSettings(this);
        }
    }
}
