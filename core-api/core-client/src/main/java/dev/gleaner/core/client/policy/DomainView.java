package dev.gleaner.core.client.policy;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A domain as the policy gate sees it ({@code GET /admin/v1/domains[/{domain}]}).
 *
 * @param domain         the registrable domain (an IP address is its own)
 * @param ratePerSecond  the rate the gate admits now: the ceiling, or less after the domain's 429s and 503s
 * @param ceilingPerSecond the rate it grows back to: the domain's own setting, else the default
 * @param maxConcurrency fetches in flight at once allowed
 * @param inFlight       fetches in flight now
 * @param breaker        {@code closed}, {@code open} or {@code half-open}
 * @param breakerRetryAt while open: when it lets a probe through
 * @param notBefore      while the domain's Retry-After holds every fetch back: until when
 * @param recent         what happened over the last one to two minutes
 * @param pauses         the pauses in force over it
 * @param policy         its own settings, when an operator set them
 * @param lastSeen       its last fetch admitted
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DomainView(String domain, double ratePerSecond, double ceilingPerSecond, int maxConcurrency, int inFlight,
        String breaker, Instant breakerRetryAt, Instant notBefore, Recent recent, List<DomainPauseView> pauses,
        DomainPolicyView policy, Instant lastSeen) {

    /**
     * Counts over the current and the previous minute, and the requests per minute they make.
     *
     * @param requests  fetches admitted
     * @param throttled answered 429 or 503
     * @param failures  other 5xx answers and timeouts
     * @param blocked   block and challenge pages
     * @param captchas  CAPTCHA pages
     * @param perMinute requests per minute over that time
     */
    public record Recent(long requests, long throttled, long failures, long blocked, long captchas, double perMinute) {
    }

    /** The domains the gate saw over the last day, most recent first ({@code GET /admin/v1/domains}). */
    public record Page(List<DomainView> domains) {
    }
}
