package dev.gleaner.core.job;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter: before attempt n+1 wait between half and all of
 * {@code base × 2^(n-1)}, never more than {@code max}, so retries of many jobs that failed together
 * spread out instead of arriving together.
 */
public record Backoff(Duration base, Duration max) {

    public Duration after(int attempt) {
        long ceiling = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 30);
        long capped = Math.min(Math.max(ceiling, 0), max.toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }
}
