package dev.gleaner.core.client.scrape;

/**
 * A cookie set in the render's browser context before the page loads. Without {@code url} or
 * {@code domain} it belongs to the URL being scraped.
 *
 * @param name     required
 * @param value    required
 * @param url      the URL the cookie belongs to (instead of {@code domain} and {@code path})
 * @param domain   the cookie's domain
 * @param path     the cookie's path ("/" by default)
 * @param expires  Unix time in seconds; a session cookie when absent
 * @param httpOnly whether scripts cannot read it
 * @param secure   whether it is sent over HTTPS only
 * @param sameSite {@code Strict}, {@code Lax} or {@code None}
 */
public record Cookie(String name, String value, String url, String domain, String path, Double expires,
        Boolean httpOnly, Boolean secure, String sameSite) {
}
