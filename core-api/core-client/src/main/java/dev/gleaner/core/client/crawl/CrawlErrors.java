package dev.gleaner.core.client.crawl;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.gleaner.core.client.job.JobError;

/**
 * {@code GET /v1/crawls/{id}/errors}: what the crawl could not or would not fetch (each list at most 1000, in the
 * order found).
 *
 * @param errors        pages that failed or were blocked, with their typed errors
 * @param robotsBlocked URLs robots.txt disallows
 * @param refused       URLs at an address the egress guard refuses
 */
public record CrawlErrors(List<Failed> errors, List<String> robotsBlocked, List<String> refused) {

    /** A page that did not succeed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failed(String url, int depth, String status, JobError error) {
    }
}
