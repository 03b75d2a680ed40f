package dev.gleaner.core.config;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of core-api.
 *
 * @param adminApiKey               bearer key of the admin API (admin-ui and operators' scripts)
 * @param identitySecret            HMAC secret shared with the gateway for the identity headers
 * @param identityMaxSkew           how old a gateway signature may be
 * @param allowedTargets            host:port and CIDR entries that may be scraped in spite of the guard (development and tests only)
 * @param defaultConcurrencyCap     browser renders a new tenant may run at once unless set per tenant
 * @param leaseTtl                  how long a browser lease lives between renewals
 * @param leaseWait                 the most a synchronous scrape waits for a free browser slot, within its own
 *                                  {@code timeoutMs} budget, which bounds it first (its
 *                                  tenant's or the farm's) before it is refused; zero refuses at once
 * @param defaultTimeout            render budget when a request names none
 * @param redisUrl                  Redis URI of the coordination store
 * @param redisNamespace            key namespace shared by every service of one installation
 * @param artifactDir               where screenshots and PDFs are stored (shared by every core-api instance)
 */
@Validated
@ConfigurationProperties("gleaner.core")
public record CoreProperties(
        @NotBlank @Size(min = 16) String adminApiKey,
        @NotBlank @Size(min = 16) String identitySecret,
        @NotNull @DefaultValue("30s") Duration identityMaxSkew,
        @DefaultValue("") String allowedTargets,
        @Min(1) @DefaultValue("4") int defaultConcurrencyCap,
        @NotNull @DefaultValue("15s") Duration leaseTtl,
        @NotNull @DefaultValue("60s") Duration leaseWait,
        @NotNull @DefaultValue("30s") Duration defaultTimeout,
        @NotBlank @DefaultValue("redis://localhost:6379") String redisUrl,
        @NotBlank @DefaultValue("gleaner") String redisNamespace,
        @NotBlank String artifactDir) {
}
