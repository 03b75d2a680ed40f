package dev.gleaner.core.client.scrape;

/**
 * The page's viewport in CSS pixels.
 *
 * @param width  100–4000
 * @param height 100–4000
 */
public record Viewport(Integer width, Integer height) {
}
