package dev.nudge.devstack.twilio;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything a test can change about how the fake answers. Defaults: no failures, no delay, every well-formed
 * number accepted and delivered, status callbacks on, the system clock.
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
        if (newDelay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + newDelay);
        }
        delay = newDelay;
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

    void reset() {
        pendingFailures.set(NONE);
        invalidNumbers.clear();
        optedOutNumbers.clear();
        outcomes.clear();
        delay = Duration.ZERO;
        statusCallbacks = true;
        clock = Clock.systemUTC();
    }
}
