package dev.gleaner.core.error;

import java.time.Duration;

/** Too many failed sign-ins for one operator name or from one address: none is checked until the wait is over. */
public final class SignInThrottledException extends GleanerException {

    private final Duration retryAfter;

    public SignInThrottledException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public String title() {
        return "Too many sign-ins";
    }
}
