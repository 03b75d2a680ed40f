package dev.gleaner.core.client.scrape;

import java.util.List;
import java.util.UUID;

/**
 * The answer to a successful scrape.
 *
 * @param id         id of the scrape record
 * @param url        the URL asked for
 * @param finalUrl   where redirects ended
 * @param statusCode HTTP status of the final document
 * @param html       the DOM after the page's scripts ran
 * @param metadata   what was read off the page
 * @param timings    where the time went
 * @param blocked    requests of the page that were refused (an address the SSRF guard does not allow) or could not
 *                   reach their server; each failed alone, the page itself rendered
 */
public record ScrapeResponse(UUID id, String url, String finalUrl, int statusCode, String html, Metadata metadata,
        Timings timings, List<Blocked> blocked) {

    /**
     * @param url    the request's URL (for HTTPS and WebSockets, scheme, host and port only)
     * @param reason why it failed
     */
    public record Blocked(String url, String reason) {
    }

    /** @param title the document title */
    public record Metadata(String title) {
    }

    /**
     * @param totalMs      from core-api receiving the request to answering it
     * @param leaseMs      waiting for a browser slot
     * @param navigationMs the page loading in the browser
     * @param renderMs     the whole render on the node
     */
    public record Timings(long totalMs, long leaseMs, long navigationMs, long renderMs) {
    }
}
