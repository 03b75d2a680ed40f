package dev.gleaner.core.fetch;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where core-api's own fetches (pages over HTTP, robots.txt, sitemaps, webhooks) leave from. Unset: from core-api,
 * through its own egress guard. Set: through a farm node's egress guard on its shared port, so that only the farm
 * reaches the internet (Kubernetes' NetworkPolicies then give core-api no way out).
 *
 * @param proxy  {@code http://host:port} of the farm's shared egress port (GLEANER_EGRESS_PROXY)
 * @param secret what core-api proves it knows there (GLEANER_EGRESS_SECRET, the farm's too; 16 characters or more)
 */
@ConfigurationProperties("gleaner.egress")
public record EgressProperties(URI proxy, String secret) {

    public EgressProperties {
        if (proxy != null && proxy.toString().isBlank()) {
            proxy = null;
        }
        if (proxy != null) {
            if (!"http".equalsIgnoreCase(proxy.getScheme()) || proxy.getHost() == null || proxy.getPort() <= 0) {
                throw new IllegalArgumentException("GLEANER_EGRESS_PROXY must be http://host:port, the farm's egress port");
            }
            if (secret == null || secret.length() < 16) {
                throw new IllegalArgumentException("GLEANER_EGRESS_PROXY is set: GLEANER_EGRESS_SECRET must be too "
                        + "(16 characters or more)");
            }
        }
    }

    /** Whether fetches leave from the farm. */
    public boolean viaFarm() {
        return proxy != null;
    }

    @Override
    public String toString() {
        return "EgressProperties[proxy=" + proxy + ", secret=" + (secret == null || secret.isEmpty() ? "none" : "(set)") + "]";
    }
}
