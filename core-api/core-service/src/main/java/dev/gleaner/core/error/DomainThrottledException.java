package dev.gleaner.core.error;

import java.time.Duration;

/** The domain's politeness rate (or its Retry-After) would hold the fetch past the request's budget. */
public final class DomainThrottledException extends DomainHeldException {

    public DomainThrottledException(String domain, Duration retryAfter, String why) {
        super("fetching from " + domain + " must wait " + retryAfter.toMillis() + " ms (" + why
                + "), longer than the request's budget allows", domain, retryAfter);
    }

    @Override
    public String title() {
        return "Domain rate limited";
    }
}
