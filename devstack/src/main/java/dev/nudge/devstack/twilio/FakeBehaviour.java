package dev.nudge.devstack.twilio;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything a test can change about how the fake answers. Defaults: no failures, no delay, every well-formed
 * number accepted and delivered, no time in the queue, status callbacks on, prompt and in order, the system clock.
 * Random faults draw from one seeded generator, so a run with the same seed and the same order of requests fails
 * the same requests.
 */
final class FakeBehaviour {

    private record PendingFailures(int remaining, int httpStatus) {
    }

    private static final PendingFailures NONE = new PendingFailures(0, 0);

    private final AtomicReference<PendingFailures> pendingFailures = new AtomicReference<>(NONE);
    private final Set<String> invalidNumbers = ConcurrentHashMap.newKeySet();
    private final Set<String> optedOutNumbers = ConcurrentHashMap.newKeySet();
    private final Map<String, DeliveryOutcome> outcomes = new ConcurrentHashMap<>();
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean statusCallbacks = true;
    private volatile Clock clock = Clock.systemUTC();
    private volatile Random random = new Random(0);
    private volatile double errorAfterStoreRate;
    private volatile int errorAfterStoreStatus = 500;
    private volatile double timeoutAfterStoreRate;
    private volatile Duration timeoutHold = Duration.ZERO;
    private volatile Duration queuedFor = Duration.ZERO;
    private volatile Duration callbackMaxDelay = Duration.ZERO;
    private volatile double callbackRepeatRate;
    private volatile boolean accountSuspended;

    void failNext(int count, int httpStatus) {
        if (count < 0 || httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("need count >= 0 and a 4xx/5xx status, got " + count + ", " + httpStatus);
        }
        pendingFailures.set(count == 0 ? NONE : new PendingFailures(count, httpStatus));
    }

    /** Uses up one pending injected failure and returns its HTTP status, or empty if none is left. */
    OptionalInt takeFailure() {
        PendingFailures before = pendingFailures.getAndUpdate(pending -> pending.remaining() <= 1
                ? NONE : new PendingFailures(pending.remaining() - 1, pending.httpStatus()));
        return before.remaining() > 0 ? OptionalInt.of(before.httpStatus()) : OptionalInt.empty();
    }

    void delay(Duration newDelay) {
        delay = nonNegative(newDelay);
    }

    Duration delay() {
        return delay;
    }

    void invalidNumber(String e164) {
        invalidNumbers.add(e164);
    }

    boolean isInvalid(String e164) {
        return invalidNumbers.contains(e164);
    }

    void optedOut(String e164) {
        optedOutNumbers.add(e164);
    }

    boolean isOptedOut(String e164) {
        return optedOutNumbers.contains(e164);
    }

    void outcome(String e164, DeliveryOutcome outcome) {
        outcomes.put(e164, outcome);
    }

    DeliveryOutcome outcomeFor(String e164) {
        return outcomes.getOrDefault(e164, DeliveryOutcome.DELIVERED);
    }

    void statusCallbacks(boolean enabled) {
        statusCallbacks = enabled;
    }

    boolean statusCallbacks() {
        return statusCallbacks;
    }

    void clock(Clock newClock) {
        clock = newClock;
    }

    Clock clock() {
        return clock;
    }

    void seed(long seed) {
        random = new Random(seed);
    }

    /** True with the given chance, drawn from the seeded generator. */
    boolean draw(double chance) {
        return chance > 0 && random.nextDouble() < chance;
    }

    /** A random span in [0, max], drawn from the seeded generator. */
    Duration drawUpTo(Duration max) {
        return max.isZero() ? Duration.ZERO : Duration.ofMillis(random.nextLong(max.toMillis() + 1));
    }

    void errorAfterStore(double rate, int httpStatus) {
        if (httpStatus < 500 || httpStatus > 599) {
            throw new IllegalArgumentException("an error after storing is a 5xx, not " + httpStatus);
        }
        errorAfterStoreRate = rate(rate);
        errorAfterStoreStatus = httpStatus;
    }

    /** The 5xx a create answers although it stored the message, or empty (drawn per create). */
    OptionalInt takeErrorAfterStore() {
        return draw(errorAfterStoreRate) ? OptionalInt.of(errorAfterStoreStatus) : OptionalInt.empty();
    }

    void timeoutAfterStore(double rate, Duration hold) {
        timeoutAfterStoreRate = rate(rate);
        timeoutHold = nonNegative(hold);
    }

    /** How long a create holds its answer after storing the message (drawn per create); zero for no hold. */
    Duration takeTimeoutAfterStore() {
        return draw(timeoutAfterStoreRate) ? timeoutHold : Duration.ZERO;
    }

    void queuedFor(Duration duration) {
        queuedFor = nonNegative(duration);
    }

    Duration queuedFor() {
        return queuedFor;
    }

    void disorderCallbacks(Duration maxDelay, double repeatRate) {
        callbackMaxDelay = nonNegative(maxDelay);
        callbackRepeatRate = rate(repeatRate);
    }

    Duration callbackMaxDelay() {
        return callbackMaxDelay;
    }

    double callbackRepeatRate() {
        return callbackRepeatRate;
    }

    void accountSuspended(boolean suspended) {
        accountSuspended = suspended;
    }

    boolean accountSuspended() {
        return accountSuspended;
    }

    private static double rate(double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("a rate is within 0..1, not " + rate);
        }
        return rate;
    }

    private static Duration nonNegative(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("must not be negative: " + duration);
        }
        return duration;
    }

    void reset() {
        pendingFailures.set(NONE);
        invalidNumbers.clear();
        optedOutNumbers.clear();
        outcomes.clear();
        delay = Duration.ZERO;
        statusCallbacks = true;
        clock = Clock.systemUTC();
        random = new Random(0);
        errorAfterStoreRate = 0;
        timeoutAfterStoreRate = 0;
        queuedFor = Duration.ZERO;
        callbackMaxDelay = Duration.ZERO;
        callbackRepeatRate = 0;
        accountSuspended = false;
    }
}
