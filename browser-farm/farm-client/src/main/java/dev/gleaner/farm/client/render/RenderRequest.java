package dev.gleaner.farm.client.render;

import java.util.List;

/**
 * What core-api asks a farm node to render, under a lease the node holds.
 *
 * @param leaseId      the lease granted by the broker for this render
 * @param fencingToken the lease's fencing token; the node refuses a render whose token is not the lease's
 * @param url          absolute http(s) URL to open
 * @param timeoutMs    the render's whole budget in milliseconds: every step of it fits inside
 * @param requestId    the request id stamped by the gateway, for logs
 * @param options      how to render; {@link RenderOptions#DEFAULT} when absent
 * @param pausedDomains registrable domains (or IP addresses) paused for this render's tenant: the node's egress
 *                      proxy refuses every request to them or their subdomains (a redirect hop, a sub-resource),
 *                      with the reason {@value #PAUSED} followed by the domain
 */
public record RenderRequest(
        String leaseId,
        long fencingToken,
        String url,
        int timeoutMs,
        String requestId,
        RenderOptions options,
        List<String> pausedDomains) {

    public RenderRequest {
        options = options == null ? RenderOptions.DEFAULT : options;
        pausedDomains = pausedDomains == null ? List.of() : List.copyOf(pausedDomains);
    }

    /** The start of the reason of a request the proxy refused because its domain is paused. */
    public static final String PAUSED = "domain paused: ";

    /** The paused domain {@code host} is in or under, if any ({@code host} lower-case, an IP address bare). */
    public java.util.Optional<String> pausedDomainOf(String host) {
        return pausedDomains.stream().filter(d -> host.equals(d) || host.endsWith("." + d)).findFirst();
    }

    /** A render with no domain paused. */
    public RenderRequest(String leaseId, long fencingToken, String url, int timeoutMs, String requestId,
            RenderOptions options) {
        this(leaseId, fencingToken, url, timeoutMs, requestId, options, List.of());
    }
}
