package dev.gleaner.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the gateway.
 *
 * @param coreApiUrls           core-api instances to balance over besides those registered in Redis (comma-separated
 *                              in the environment)
 * @param identitySecret        HMAC secret shared with core-api for the identity headers
 * @param tokenCacheTtl         how long a token's introspection is reused: a revoked token, or a tenant's new plan or
 *                              limits, take effect within this time
 * @param redisUrl              Redis of the installation, where the rate-limit buckets live
 * @param redisNamespace        key namespace shared by every service of one installation
 * @param rateLimitsEnabled     false: no per-tenant rate limits at all (another layer limits, or a benchmark measures
 *                              the gateway without them)
 * @param rateLimitFailOpen     when Redis does not answer, admit requests without limits (true) or refuse them (false)
 * @param rateLimitTimeout      how long a request waits for its bucket before the failure policy decides
 * @param authFailuresPerSecond failed authentications one client address may make a second, on average, per gateway
 * @param authFailuresBurst     and at once
 * @param adminPerSecond        admin API requests one client address may make a second through this gateway
 * @param adminBurst            and at once
 */
@Validated
@ConfigurationProperties("gleaner.gateway")
public record GatewayProperties(
        @NotNull List<URI> coreApiUrls,
        @NotBlank @Size(min = 16) String identitySecret,
        @NotNull @DefaultValue("1s") Duration tokenCacheTtl,
        @NotBlank @DefaultValue("redis://localhost:6379") String redisUrl,
        @NotBlank @DefaultValue("gleaner") String redisNamespace,
        @DefaultValue("true") boolean rateLimitsEnabled,
        @DefaultValue("true") boolean rateLimitFailOpen,
        @NotNull @DefaultValue("250ms") Duration rateLimitTimeout,
        @Min(1) @DefaultValue("10") int authFailuresPerSecond,
        @Min(1) @DefaultValue("30") int authFailuresBurst,
        @Min(1) @DefaultValue("20") int adminPerSecond,
        @Min(1) @DefaultValue("50") int adminBurst) {
}
