package dev.nudge.dispatcher;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: before retry n, a random wait between half and all of initial × 2^(n-1), capped
 * at max. The jitter keeps senders that failed together from retrying together.
 */
record Backoff(Duration initial, Duration max) {

    Duration before(int retry) {
        long ceiling = Math.min(max.toMillis(), initial.toMillis() << Math.min(retry - 1, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    }
}
