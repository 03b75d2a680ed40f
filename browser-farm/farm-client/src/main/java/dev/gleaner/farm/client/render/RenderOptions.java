package dev.gleaner.farm.client.render;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.gleaner.core.client.scrape.Action;
import dev.gleaner.core.client.scrape.Block;
import dev.gleaner.core.client.scrape.Cookie;
import dev.gleaner.core.client.scrape.Format;
import dev.gleaner.core.client.scrape.Viewport;

/**
 * How to render, as validated by core-api (see {@code ScrapeRequest} for each option's meaning);
 * {@code null} means the default everywhere.
 */
public record RenderOptions(
        WaitUntil waitUntil,
        String waitForSelector,
        Integer waitForMs,
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
        List<Format> formats) {

    /** Nothing asked for: load, capture the HTML. */
    public static final RenderOptions DEFAULT = new RenderOptions(null, null, null, null, null, null, null, null,
            null, null, null, null, null, null);

    public RenderOptions {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        cookies = cookies == null ? List.of() : List.copyOf(cookies);
        actions = actions == null ? List.of() : List.copyOf(actions);
        formats = formats == null || formats.isEmpty() ? List.of(Format.named("html")) : List.copyOf(formats);
    }

    public static RenderOptions waitingFor(String selector, Integer waitForMs) {
        return new RenderOptions(null, selector, waitForMs, null, null, null, null, null, null, null, null, null, null,
                null);
    }

    /** Formats made from the page's HTML (by the node, or by core-api from the HTML the node returns). */
    public static final Set<String> FROM_HTML = Set.of("html", "rawHtml", "markdown", "text", "links", "images",
            "metadata");

    /** Whether the node must return the page's HTML: some format asked for is made from it. */
    public boolean needsHtml() {
        return formats.stream().anyMatch(f -> FROM_HTML.contains(f.type()));
    }

    /** The requested format of this type, if it was requested. */
    public Optional<Format> format(String type) {
        return formats.stream().filter(f -> f.type().equals(type)).findFirst();
    }

    /**
     * Whether the browser context must be made for this render: what is fixed when a context is
     * created (device, user agent, locale, time zone, scripts off) differs from a ready-made one.
     * Viewport, headers, cookies and blocking are applied to a ready-made context.
     */
    public boolean needsOwnContext() {
        return device != null || userAgent != null || locale != null || timezoneId != null
                || Boolean.FALSE.equals(javaScriptEnabled);
    }

    public WaitUntil waitUntilOrDefault() {
        return waitUntil == null ? WaitUntil.LOAD : waitUntil;
    }
}
