package dev.gleaner.farm.node.config;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of one farm node.
 *
 * @param nodeId            stable id of this node in the registry; a random one when blank
 * @param advertisedUrl     base URL at which core-api reaches this node; http://<host name>:<port> when blank
 * @param capacity          browsers (and so concurrent renders) this node runs
 * @param chromiumPath      the Chromium executable Playwright launches; Playwright never downloads one
 * @param chromiumArgs      extra command-line switches for Chromium
 * @param heartbeatInterval how often the node refreshes its registration
 * @param heartbeatTtl      how long a registration lives without a heartbeat
 * @param reaperInterval    how often in-flight renders are checked against their leases
 * @param allowedTargets    host:port and CIDR entries pages may load from in spite of the guard (development and tests only)
 * @param redisUrl          Redis URI of the coordination store
 * @param redisNamespace    key namespace shared by every service of one installation
 */
@Validated
@ConfigurationProperties("gleaner.farm")
public record FarmNodeProperties(
        String nodeId,
        String advertisedUrl,
        @Min(1) @DefaultValue("2") int capacity,
        @NotBlank @DefaultValue("/usr/lib/chromium/chromium-headless-shell") String chromiumPath,
        @DefaultValue List<String> chromiumArgs,
        @NotNull @DefaultValue("2s") Duration heartbeatInterval,
        @NotNull @DefaultValue("10s") Duration heartbeatTtl,
        @NotNull @DefaultValue("2s") Duration reaperInterval,
        @DefaultValue("") String allowedTargets,
        @NotBlank @DefaultValue("redis://localhost:6379") String redisUrl,
        @NotBlank @DefaultValue("gleaner") String redisNamespace) {
}
