package dev.gleaner.core.error;

import java.time.Duration;
import java.time.Instant;

/** An operator paused fetching from this domain (for everyone, or for this tenant). */
public final class DomainPausedException extends GleanerException implements DomainWait {

    private final String domain;
    private final String reason;
    private final Instant until;

    public DomainPausedException(String domain, String reason, Instant until) {
        super("fetching from " + domain + " is paused" + (until == null ? "" : " until " + until) + ": " + reason);
        this.domain = domain;
        this.reason = reason;
        this.until = until;
    }

    @Override
    public String domain() {
        return domain;
    }

    public String reason() {
        return reason;
    }

    /** When the pause ends by itself, or null until an operator ends it. */
    public Instant until() {
        return until;
    }

    @Override
    public Duration retryAfter() {
        return until == null ? null : Duration.between(Instant.now(), until);
    }

    @Override
    public String title() {
        return "Domain paused";
    }
}
