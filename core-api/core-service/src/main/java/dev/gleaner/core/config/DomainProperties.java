package dev.gleaner.core.config;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The per-domain policy gate's defaults (a domain's own rate and concurrency are set through the admin API).
 *
 * @param rate              requests per second one domain gets from the whole cluster, unless set for it
 * @param burst             requests a domain that has been quiet may get at once
 * @param maxConcurrency    fetches from one domain in flight at once, cluster-wide, unless set for it
 * @param minRate           the lowest a domain's rate is cut to by its 429s and 503s
 * @param increase          requests per second a domain's cut rate grows back by on each success
 * @param breakerFailures   failures in a row (5xx, 429, timeouts, blocks) that open a domain's circuit breaker
 * @param breakerOpen       how long an open breaker refuses before it lets one probe through
 * @param blockPauseAfter   blocks and CAPTCHAs within {@code blockWindow} that pause a domain by itself; 0 never
 * @param blockWindow       the window {@code blockPauseAfter} counts in
 * @param blockPause        how long such an automatic pause lasts
 * @param redisTimeout      the most one call of the gate to Redis may take
 */
@Validated
@ConfigurationProperties("gleaner.core.domains")
public record DomainProperties(
        @DecimalMin("0.01") @DefaultValue("5") double rate,
        @Min(1) @DefaultValue("10") int burst,
        @Min(1) @DefaultValue("4") int maxConcurrency,
        @DecimalMin("0.001") @DefaultValue("0.1") double minRate,
        @DecimalMin("0") @DefaultValue("0.05") double increase,
        @Min(1) @DefaultValue("5") int breakerFailures,
        @NotNull @DefaultValue("30s") Duration breakerOpen,
        @Min(0) @DefaultValue("10") int blockPauseAfter,
        @NotNull @DefaultValue("5m") Duration blockWindow,
        @NotNull @DefaultValue("15m") Duration blockPause,
        @NotNull @DefaultValue("2s") Duration redisTimeout) {
}
