package dev.gleaner.core.error;

import java.time.Duration;

/**
 * A fetch the per-domain policy gate holds back for now: paused, rate-limited or behind an open
 * circuit breaker. A sync scrape is refused; a job waits, queued, and tries again after {@link #retryAfter()}.
 */
public sealed interface DomainWait permits DomainPausedException, DomainHeldException {

    /** The domain, as the gate keys it. */
    String domain();

    /** When to look again; null when nothing says (a pause with no end). */
    Duration retryAfter();
}
