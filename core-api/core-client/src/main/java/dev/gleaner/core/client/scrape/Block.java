package dev.gleaner.core.client.scrape;

import java.util.List;

/**
 * Requests the page may not make: they fail in the browser and never leave it. Only matching
 * requests are intercepted; the others go out untouched.
 *
 * @param resourceTypes any of {@code image}, {@code font}, {@code media}, {@code stylesheet}
 * @param urlPatterns   wildcard patterns on the full URL ({@code *} any characters, {@code ?} one),
 *                      e.g. {@code *://ads.example.com/*}
 */
public record Block(List<String> resourceTypes, List<String> urlPatterns) {
}
