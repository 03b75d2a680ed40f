package dev.gleaner.farm.client.render;

/**
 * What core-api asks a farm node to render, under a lease the node holds.
 *
 * @param leaseId      the lease granted by the broker for this render
 * @param fencingToken the lease's fencing token; the node refuses a render whose token is not the lease's
 * @param url          absolute http(s) URL to open
 * @param timeoutMs    the render's whole budget in milliseconds: every step of it fits inside
 * @param requestId    the request id stamped by the gateway, for logs
 * @param options      how to render; {@link RenderOptions#DEFAULT} when absent
 */
public record RenderRequest(
        String leaseId,
        long fencingToken,
        String url,
        int timeoutMs,
        String requestId,
        RenderOptions options) {

    public RenderRequest {
        options = options == null ? RenderOptions.DEFAULT : options;
    }
}
