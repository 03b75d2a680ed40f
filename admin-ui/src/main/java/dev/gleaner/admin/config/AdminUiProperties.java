package dev.gleaner.admin.config;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the admin console. Operators and their passwords live in core-api, not here.
 *
 * @param coreApiUrl     base URL of core-api (its admin API)
 * @param adminApiKey    the admin API key the console presents to core-api (never logged)
 * @param coreApiTimeout the most one call to core-api may take (the operator's screen waits for it)
 * @param refresh        how often open views fetch their figures again and push them to the browser
 * @param sessionTimeout how long a signed-in console may go without an operator's action (a click or a key,
 *                       in any of its tabs) before it is signed out, even with a tab open
 */
@Validated
@ConfigurationProperties("gleaner.admin")
public record AdminUiProperties(
        @NotNull URI coreApiUrl,
        @NotBlank @Size(min = 16) String adminApiKey,
        @NotNull @DefaultValue("10s") Duration coreApiTimeout,
        @NotNull @DefaultValue("5s") Duration refresh,
        @NotNull @DefaultValue("30m") Duration sessionTimeout) {

    @Override
    public String toString() {
        return "AdminUiProperties[coreApiUrl=" + coreApiUrl + ", coreApiTimeout=" + coreApiTimeout + ", sessionTimeout="
                + sessionTimeout + "]";
    }
}
