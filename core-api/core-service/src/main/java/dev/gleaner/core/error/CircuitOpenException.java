package dev.gleaner.core.error;

import java.time.Duration;

/** The domain's circuit breaker is open (a burst of failures or blocks): fetches are refused until it half-opens. */
public final class CircuitOpenException extends DomainHeldException {

    public CircuitOpenException(String domain, Duration retryAfter) {
        super("fetching from " + domain + " is held off: its circuit breaker is open after a burst of failures;"
                + " a probe goes through in " + retryAfter.toMillis() + " ms", domain, retryAfter);
    }

    @Override
    public String title() {
        return "Domain circuit open";
    }
}
