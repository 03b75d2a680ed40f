package dev.gleaner.core.client.crawl;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.gleaner.core.client.job.JobError;
import tools.jackson.databind.JsonNode;

/**
 * One page of a crawl.
 *
 * @param url    the page's normalised URL
 * @param depth  links away from the start page (a sitemap's URLs: 1)
 * @param status its job's status: {@code queued}, {@code running}, {@code succeeded}, {@code failed}, {@code blocked}
 *               or {@code cancelled}
 * @param jobId  its job ({@code GET /v1/jobs/{id}} works for it too)
 * @param error  why it did not succeed
 * @param result what {@code POST /v1/scrape} would have answered (the requested formats), once it succeeded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CrawlPage(String url, int depth, String status, UUID jobId, JobError error, JsonNode result) {
}
