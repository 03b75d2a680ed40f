package dev.gleaner.admin.config;

import java.net.URI;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the admin console.
 *
 * @param coreApiUrl  base URL of core-api (its admin API)
 * @param adminApiKey the admin API key the console presents to core-api
 * @param username    the operator's sign-in name
 * @param password    the operator's password (hashed in memory at start-up, never logged)
 */
@Validated
@ConfigurationProperties("gleaner.admin")
public record AdminUiProperties(
        @NotNull URI coreApiUrl,
        @NotBlank @Size(min = 16) String adminApiKey,
        @NotBlank String username,
        @NotBlank @Size(min = 8) String password) {

    @Override
    public String toString() {
        return "AdminUiProperties[coreApiUrl=" + coreApiUrl + ", username=" + username + "]";
    }
}
