package dev.gleaner.farm.client.render;

/**
 * A request of a page that the egress guard refused, or that could not reach its server; only that
 * request failed.
 *
 * @param url    the URL (for HTTPS and WebSockets tunnelled through the proxy, only scheme, host and port are known)
 * @param reason why, in words safe to show to the tenant
 */
public record BlockedRequest(String url, String reason) {
}
