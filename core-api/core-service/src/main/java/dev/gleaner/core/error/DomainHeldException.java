package dev.gleaner.core.error;

import java.time.Duration;

/** The gate's rate or breaker holds a domain's fetch back for a while it can name. */
public abstract sealed class DomainHeldException extends GleanerException implements DomainWait
        permits DomainThrottledException, CircuitOpenException {

    private final String domain;
    private final Duration retryAfter;

    protected DomainHeldException(String message, String domain, Duration retryAfter) {
        super(message);
        this.domain = domain;
        this.retryAfter = retryAfter;
    }

    @Override
    public String domain() {
        return domain;
    }

    @Override
    public Duration retryAfter() {
        return retryAfter;
    }
}
