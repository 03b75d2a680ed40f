package dev.gleaner.core.client.crawl;

import java.util.List;

/** A page of {@code GET /v1/crawls/{id}/pages}, in the order the crawl found them; {@code next} is null at the end. */
public record CrawlPages(List<CrawlPage> pages, String next) {
}
