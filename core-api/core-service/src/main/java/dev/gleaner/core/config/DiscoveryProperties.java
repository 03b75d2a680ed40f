package dev.gleaner.core.config;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a core-api instance that serves the API makes itself known to the gateways: a registration in
 * Redis, renewed every {@code heartbeatInterval}, that lapses {@code heartbeatTtl} after the last one.
 *
 * @param register          whether this instance registers at all (it still serves whoever calls it)
 * @param advertisedUrl     where the gateways reach this instance; empty: {@code http://<host name>:<port>}
 * @param heartbeatInterval how often the registration is renewed
 * @param heartbeatTtl      how long it outlives the last renewal (an instance killed without deregistering is
 *                          offered no longer than this; the gateways' health checks and retries cover the gap)
 */
@Validated
@ConfigurationProperties("gleaner.core.discovery")
public record DiscoveryProperties(
        @DefaultValue("true") boolean register,
        @DefaultValue("") String advertisedUrl,
        @NotNull @DefaultValue("3s") Duration heartbeatInterval,
        @NotNull @DefaultValue("10s") Duration heartbeatTtl) {
}
