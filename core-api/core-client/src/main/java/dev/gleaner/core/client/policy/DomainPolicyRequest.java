package dev.gleaner.core.client.policy;

/**
 * {@code PUT /admin/v1/domains/{domain}/policy}: this domain's own politeness settings, in place of the defaults.
 *
 * @param ratePerSecond  requests per second the whole cluster sends it (above 0, at most 1000); null: the default
 * @param maxConcurrency fetches from it in flight at once, cluster-wide (1–1000); null: the default
 * @param breakerFailures failures in a row that open its circuit breaker (1–1000); null: the default
 * @param blockPauseAfter block or CAPTCHA pages within the block window that pause it by itself (0–1000, 0 never);
 *                        null: the default
 */
public record DomainPolicyRequest(Double ratePerSecond, Integer maxConcurrency, Integer breakerFailures,
        Integer blockPauseAfter) {
}
