package dev.gleaner.core.client.scrape;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to a successful scrape. Fields of formats that were not asked for are absent.
 *
 * @param id            id of the scrape record
 * @param url           the URL asked for
 * @param finalUrl      where redirects (and actions) ended
 * @param statusCode    HTTP status of the main document
 * @param headers       the main document's response headers (names lower-case)
 * @param html          the page cleaned of scripts, styles, frames, comments and tracking pixels ({@code html}, the
 *                      default format), links and image sources absolute
 * @param rawHtml       the page as fetched ({@code render} {@code http}) or as the browser left it after its scripts
 *                      and actions ran ({@code rawHtml}), when it is small enough to answer inline
 * @param rawHtmlArtifact a larger {@code rawHtml}, stored as an artifact ({@code GET /v1/artifacts/{id}})
 * @param markdown      the page's content as Markdown, without scripts, styles, frames or comments ({@code markdown})
 * @param text          the text a reader sees, one line per block ({@code text})
 * @param links         the page's http(s) links, absolute, without fragments, each once ({@code links})
 * @param images        the page's image sources, absolute, each once ({@code images})
 * @param screenshot    the {@code screenshot} format
 * @param pdf           the {@code pdf} format
 * @param actions       one entry per action, in order
 * @param metadata      what was read off the page
 * @param timings       where the time went
 * @param blocked       requests of the page that were refused (an address the SSRF guard does not allow) or
 *                      could not reach their server; each failed alone, the page itself rendered
 * @param consoleErrors the page's console errors and uncaught exceptions (at most 50)
 * @param extract       what {@code extract.rules} found, rule by rule; or the JSON the language model extracted
 *                      ({@code extract.schema}, {@code extract.prompt}), validated
 * @param render        how the page was fetched: {@code http} or {@code browser}
 * @param fromCache     true when this is a stored answer reused under {@code maxAge}
 * @param cachedAt      when that stored answer was made
 * @param escalation    why a scrape with {@code render} {@code auto} went on to the browser after fetching the page
 *                      over HTTP ({@code selector-missing}, {@code noscript-wall}, {@code empty-shell},
 *                      {@code script-built}); absent otherwise
 * @param outcome       {@code ok}; or {@code blocked} or {@code captcha} when the answer is an access-denied, challenge
 *                      or CAPTCHA page rather than the content (the content is still given, it is not billed as a page);
 *                      or {@code extraction_failed} when the page was fetched but a language model's extraction
 *                      failed ({@code extractionError} says why; {@code extract} is then absent)
 * @param blockedBy     with {@code blocked} or {@code captcha}: what gave it away, e.g. {@code cloudflare-challenge}
 * @param extractionError with {@code extraction_failed}: why the language model's extraction failed
 * @param llm           what extraction by a language model used
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScrapeResponse(UUID id, String url, String finalUrl, int statusCode, Map<String, String> headers,
        String html, String rawHtml, ArtifactRef rawHtmlArtifact, String markdown, String text, List<String> links, List<String> images, ArtifactRef screenshot,
        ArtifactRef pdf, List<ActionOutcome> actions, Metadata metadata,
        Timings timings, List<Blocked> blocked, List<String> consoleErrors, Object extract, String render,
        String escalation, Boolean fromCache, Instant cachedAt, String outcome, String blockedBy,
        ExtractionError extractionError, LlmUsage llm) {

    /** The {@code outcome} of an answer that is the page's content. */
    public static final String OK = "ok";
    /** The {@code outcome} of an answer whose extraction by a language model failed (the page itself was fetched). */
    public static final String EXTRACTION_FAILED = "extraction_failed";

    /** The same answer, marked as reused from the cache. */
    public ScrapeResponse fromCache(Instant storedAt) {
        return new ScrapeResponse(id, url, finalUrl, statusCode, headers, html, rawHtml, rawHtmlArtifact, markdown, text, links, images,
                screenshot, pdf, actions, metadata, timings, blocked, consoleErrors, extract, render, escalation, true,
                storedAt, outcome, blockedBy, extractionError, llm);
    }

    /** The same answer with what a language model extracted from it, or why it could not. */
    public ScrapeResponse extracted(Object value, ExtractionError error, LlmUsage used) {
        return new ScrapeResponse(id, url, finalUrl, statusCode, headers, html, rawHtml, rawHtmlArtifact, markdown, text,
                links, images, screenshot, pdf, actions, metadata, timings, blocked, consoleErrors, value, render,
                escalation, fromCache, cachedAt, error == null ? outcome : EXTRACTION_FAILED, blockedBy, error, used);
    }

    /** True when the answer is a block or CAPTCHA page rather than the content. */
    @JsonIgnore
    public boolean isBlocked() {
        return outcome != null && !OK.equals(outcome) && !EXTRACTION_FAILED.equals(outcome);
    }

    /** True when a language model's extraction failed. */
    @JsonIgnore
    public boolean extractionFailed() {
        return EXTRACTION_FAILED.equals(outcome);
    }

    /**
     * @param url    the request's URL (for HTTPS and WebSockets, scheme, host and port only)
     * @param reason why it failed
     */
    public record Blocked(String url, String reason) {
    }

    /**
     * What was read off the page: always its title; the rest with the {@code metadata} format.
     *
     * @param title       the document title (after the page's scripts ran)
     * @param description {@code <meta name="description">}
     * @param canonical   {@code <link rel="canonical">}, absolute
     * @param language    {@code <html lang>}
     * @param openGraph   the {@code og:*} properties, by name without the prefix (first value of each)
     * @param statusCode  HTTP status of the main document
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metadata(String title, String description, String canonical, String language,
            Map<String, String> openGraph, Integer statusCode) {

        public static Metadata titleOnly(String title) {
            return new Metadata(title, null, null, null, null, null);
        }
    }

    /**
     * How one action went.
     *
     * @param type  the action's type
     * @param ok    whether it succeeded
     * @param value what {@code evaluate} returned (any JSON), or a {@code screenshot} action's {@link ArtifactRef}
     * @param error why it failed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ActionOutcome(String type, boolean ok, Object value, String error) {
    }

    /**
     * @param totalMs      from core-api receiving the request to answering it
     * @param leaseMs      waiting for a browser slot
     * @param renderMs     the whole render on the node, made of the five phases below and little else
     * @param contextMs    getting a browser context (0 when a ready-made one was taken)
     * @param navigationMs the page loading in the browser, until {@code waitUntil}
     * @param waitMs       waiting for {@code waitForSelector} and {@code waitForMs}
     * @param actionsMs    running the actions
     * @param captureMs    capturing the HTML, screenshot and PDF
     */
    public record Timings(long totalMs, long leaseMs, long renderMs, long contextMs, long navigationMs, long waitMs,
            long actionsMs, long captureMs) {
    }
}
