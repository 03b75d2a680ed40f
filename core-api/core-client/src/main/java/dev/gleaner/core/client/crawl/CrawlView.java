package dev.gleaner.core.client.crawl;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A crawl as {@code GET /v1/crawls/{id}} answers it.
 *
 * @param status     {@code queued} (no page started yet), {@code running}, {@code succeeded} (every page ended, at
 *                   least one fetched), {@code failed} (every page ended, none fetched) or {@code cancelled}
 * @param finishedAt when it ended
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CrawlView(UUID id, String url, String status, Counts counts, Instant createdAt, Instant finishedAt) {

    /**
     * @param discovered     URLs the crawl met on the site, each once: fetched, to fetch, or skipped
     * @param queued         pages waiting to be fetched
     * @param running        pages being fetched
     * @param done           pages fetched
     * @param failed         pages that failed after their attempts
     * @param blocked        pages the egress guard refused (a redirect to a refused address)
     * @param cancelled      pages cancelled with the crawl
     * @param skippedRobots  URLs robots.txt disallows
     * @param skippedRules   URLs {@code includePaths} / {@code excludePaths} leave out
     * @param skippedRefused URLs at an address the egress guard refuses, never fetched
     */
    public record Counts(long discovered, long queued, long running, long done, long failed, long blocked,
            long cancelled, long skippedRobots, long skippedRules, long skippedRefused) {
    }
}
