package dev.gleaner.farm.client.render;

/**
 * What core-api asks a farm node to render, under a lease the node holds.
 *
 * @param leaseId          the lease granted by the broker for this render
 * @param fencingToken     the lease's fencing token; the node refuses a render whose token is not the lease's
 * @param url              absolute http(s) URL to open
 * @param waitForSelector  optional CSS selector that must appear before the page is captured
 * @param waitForMs        optional extra wait after load, in milliseconds
 * @param timeoutMs        navigation and wait budget in milliseconds
 * @param requestId        the request id stamped by the gateway, for logs
 */
public record RenderRequest(
        String leaseId,
        long fencingToken,
        String url,
        String waitForSelector,
        Integer waitForMs,
        int timeoutMs,
        String requestId) {
}
