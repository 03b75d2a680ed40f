package dev.gleaner.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the gateway.
 *
 * @param coreApiUrls    core-api instances to balance over (comma-separated in the environment)
 * @param identitySecret HMAC secret shared with core-api for the identity headers
 * @param tokenCacheTtl  how long a token's introspection is reused; a revoked token stops working within this time
 */
@Validated
@ConfigurationProperties("gleaner.gateway")
public record GatewayProperties(
        @NotEmpty List<URI> coreApiUrls,
        @NotBlank @Size(min = 16) String identitySecret,
        @NotNull @DefaultValue("5s") Duration tokenCacheTtl) {
}
