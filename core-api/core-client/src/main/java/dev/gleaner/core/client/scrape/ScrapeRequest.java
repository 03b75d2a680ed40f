package dev.gleaner.core.client.scrape;

/**
 * Body of {@code POST /v1/scrape}.
 *
 * @param url             absolute http(s) URL to render (required)
 * @param waitForSelector CSS selector to wait for before capturing the page
 * @param waitForMs       extra time to wait after load, 0–30000 ms
 * @param timeoutMs       budget for loading and waiting, 1000–60000 ms (default 30000)
 */
public record ScrapeRequest(String url, String waitForSelector, Integer waitForMs, Integer timeoutMs) {

    public ScrapeRequest(String url) {
        this(url, null, null, null);
    }
}
