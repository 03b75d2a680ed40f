package dev.gleaner.gateway.ratelimit;

import org.springframework.http.HttpHeaders;

import dev.gleaner.core.client.plan.Rate;

/**
 * The IETF {@code RateLimit-Policy} and {@code RateLimit} fields (draft-ietf-httpapi-ratelimit-headers,
 * structured fields) on every rate-limited response, and {@code Retry-After} on a 429:
 * <ul>
 * <li>{@code RateLimit-Policy: "scrape";q=100;w=5}: the route family's policy, a quota of {@code q}
 * requests (the burst) over a window of {@code w} seconds (the time the bucket takes to fill up
 * again from empty)</li>
 * <li>{@code RateLimit: "scrape";r=42;t=3}: {@code r} requests left now, and {@code t} seconds until the
 * quota is whole again (on a 429: until the next request may go)</li>
 * </ul>
 */
public final class RateLimitHeaders {

    public static final String POLICY = "RateLimit-Policy";
    public static final String LIMIT = "RateLimit";

    private RateLimitHeaders() {
    }

    public static void write(HttpHeaders headers, RateLimiter.Admitted admitted) {
        policy(headers, admitted.family(), admitted.rate());
        headers.set(LIMIT, "\"" + admitted.family().wire() + "\";r=" + admitted.remaining() + ";t="
                + admitted.resetSeconds());
    }

    public static void write(HttpHeaders headers, RateLimiter.Limited limited) {
        policy(headers, limited.family(), limited.rate());
        headers.set(LIMIT, "\"" + limited.family().wire() + "\";r=0;t=" + limited.retryAfterSeconds());
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(limited.retryAfterSeconds()));
    }

    private static void policy(HttpHeaders headers, RouteFamily family, Rate rate) {
        long window = (rate.burst() + rate.perSecond() - 1) / rate.perSecond();
        headers.set(POLICY, "\"" + family.wire() + "\";q=" + rate.burst() + ";w=" + window);
    }
}
