package dev.gleaner.core.error;

import java.time.Duration;

/**
 * A service Gleaner depends on (Redis, PostgreSQL) did not answer in time: nothing was done,
 * and the same request may succeed after {@link #retryAfter()}.
 */
public final class DependencyUnavailableException extends GleanerException {

    private final String dependency;
    private final Duration retryAfter;

    public DependencyUnavailableException(String dependency, String message, Duration retryAfter) {
        super(message);
        this.dependency = dependency;
        this.retryAfter = retryAfter;
    }

    /** Which dependency failed, e.g. {@code redis}; recorded as the scrape's outcome. */
    public String dependency() {
        return dependency;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public String title() {
        return "Temporarily unavailable";
    }
}
