package dev.gleaner.core.client.scrape;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /v1/scrape}. Every field but {@code url} is optional; a field the API does
 * not know, or a value outside what is listed here, is refused with a problem naming it.
 *
 * @param url               absolute http(s) URL to render (required)
 * @param waitUntil         when navigation counts as done: {@code load} (default), {@code domcontentloaded}
 *                          or {@code networkidle}
 * @param waitForSelector   CSS selector that must be visible before the page is captured
 * @param waitForMs         extra time to wait before capturing, 0–30000 ms
 * @param timeoutMs         the whole render's budget (navigation, waits), 1000–60000 ms (default 30000)
 * @param viewport          the viewport size (default 1280×720, or the device's)
 * @param device            one of Playwright's device presets by name, e.g. {@code "iPhone 15"}: its user
 *                          agent, viewport, scale factor, touch and mobile flags
 * @param userAgent         the User-Agent the browser sends (overrides the device's)
 * @param locale            a BCP 47 language tag, e.g. {@code de-DE}: {@code navigator.language},
 *                          {@code Accept-Language} and number and date formats
 * @param timezoneId        an IANA time zone, e.g. {@code Europe/Berlin}
 * @param headers           extra HTTP headers sent with every request of the page (at most 50)
 * @param cookies           cookies set before the page loads (at most 50)
 * @param javaScriptEnabled {@code false} renders without running the page's scripts
 * @param block             requests the page may not make
 * @param actions           steps run on the page after it loaded, in order, at most 50
 * @param formats           what to produce: {@code html} (the default), {@code rawHtml}, {@code markdown}, {@code text},
 *                          {@code links}, {@code images}, {@code metadata}, {@code screenshot}, {@code pdf}
 * @param onlyMainContent   make {@code html}, {@code markdown}, {@code text}, {@code links} and {@code images} from the
 *                          page's main content only (its article, without navigation, headers, footers, sidebars)
 * @param extract           what to extract from the page as JSON (CSS rules)
 * @param maxAge            reuse this tenant's stored answer to the same request if it is younger than this many
 *                          milliseconds (at most 30 days); the answer then says it came from the cache
 * @param webhook           where a job or batch calls back when it ends (refused for a synchronous scrape)
 * @param render            how the page is fetched: {@code auto} (the default: over HTTP, in the browser when the
 *                          page needs JavaScript or the options need a browser), {@code browser} or {@code http}
 */
public record ScrapeRequest(
        String url,
        String waitUntil,
        String waitForSelector,
        Integer waitForMs,
        Integer timeoutMs,
        Viewport viewport,
        String device,
        String userAgent,
        String locale,
        String timezoneId,
        Map<String, String> headers,
        List<Cookie> cookies,
        Boolean javaScriptEnabled,
        Block block,
        List<Action> actions,
        List<Format> formats,
        Boolean onlyMainContent,
        Extract extract,
        Long maxAge,
        Webhook webhook,
        String render) {

    public ScrapeRequest(String url) {
        this(url, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }

    /** The same options for another page (a batch's URLs share them). */
    public ScrapeRequest withUrl(String other) {
        return new ScrapeRequest(other, waitUntil, waitForSelector, waitForMs, timeoutMs, viewport, device, userAgent,
                locale, timezoneId, headers, cookies, javaScriptEnabled, block, actions, formats, onlyMainContent, extract,
                maxAge, webhook, render);
    }

    /** The same options producing {@code other} formats (a crawl adds the links it follows by). */
    public ScrapeRequest withFormats(List<Format> other) {
        return new ScrapeRequest(url, waitUntil, waitForSelector, waitForMs, timeoutMs, viewport, device, userAgent,
                locale, timezoneId, headers, cookies, javaScriptEnabled, block, actions, other, onlyMainContent, extract,
                maxAge, webhook, render);
    }

    /** What decides the answer: this request without the fields that only say how long to wait or whom to tell. */
    public ScrapeRequest forCaching() {
        return new ScrapeRequest(url, waitUntil, waitForSelector, waitForMs, null, viewport, device, userAgent, locale,
                timezoneId, headers, cookies, javaScriptEnabled, block, actions, formats, onlyMainContent, extract, null,
                null, render == null ? "auto" : render);
    }
}
