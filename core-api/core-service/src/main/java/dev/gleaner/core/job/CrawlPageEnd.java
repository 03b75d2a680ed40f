package dev.gleaner.core.job;

import dev.gleaner.core.client.scrape.ScrapeResponse;
import reactor.core.publisher.Mono;

/**
 * Ends the jobs that are pages of a crawl: with the job's end, in the same transaction, goes what the
 * page leads to (its links in the crawl's frontier, its count and event), so an instance that dies
 * at any moment leaves either all of it or none.
 */
public interface CrawlPageEnd {

    /**
     * Ends the page's job with this attempt; false (nothing written, the attempt recorded as fenced off)
     * when the attempt no longer held the job.
     *
     * @param response  the scrape's answer when it succeeded, else null
     * @param errorJson the typed error when it did not
     */
    Mono<Boolean> end(JobRuns.Claim claim, JobStatus status, ScrapeResponse response, String errorJson);
}
