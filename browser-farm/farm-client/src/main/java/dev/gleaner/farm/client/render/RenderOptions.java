package dev.gleaner.farm.client.render;

import java.util.List;
import java.util.Map;

import dev.gleaner.core.client.scrape.Block;
import dev.gleaner.core.client.scrape.Cookie;
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
        Block block) {

    /** Nothing asked for: load, capture. */
    public static final RenderOptions DEFAULT = new RenderOptions(null, null, null, null, null, null, null, null,
            null, null, null, null);

    public RenderOptions {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        cookies = cookies == null ? List.of() : List.copyOf(cookies);
    }

    public static RenderOptions waitingFor(String selector, Integer waitForMs) {
        return new RenderOptions(null, selector, waitForMs, null, null, null, null, null, null, null, null, null);
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
