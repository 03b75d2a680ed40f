package dev.gleaner.core.client.map;

import java.util.List;

/**
 * The site's URLs, normalised, each once: first those its sitemaps list, then those its page links to.
 *
 * @param sitemaps how many sitemap documents were read
 */
public record MapResponse(List<String> links, int sitemaps) {
}
