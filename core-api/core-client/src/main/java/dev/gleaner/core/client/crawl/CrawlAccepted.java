package dev.gleaner.core.client.crawl;

import java.util.UUID;

/** The answer to {@code POST /v1/crawls}: the crawl's id ({@code Location} names it too). */
public record CrawlAccepted(UUID id) {
}
