package dev.gleaner.core.client.job;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import tools.jackson.databind.JsonNode;

/**
 * A job of any tenant, as operators see it ({@code /admin/v1/jobs}).
 *
 * @param kind        {@code job}, {@code batch} (a page of a batch) or {@code crawl} (a page of a crawl)
 * @param parentId    the batch or crawl it belongs to, or null
 * @param maxAttempts attempts it may have in all
 * @param worker      the instance running it now, or null
 * @param request     what was asked for (the scrape request, as validated); detail only
 * @param result      what the scrape answered when it succeeded; detail only
 * @param history     every attempt with its worker, times and how it ended; detail only
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AdminJobView(UUID id, UUID tenantId, String url, String status, String kind, UUID parentId, int attempts,
        int maxAttempts, String worker, JobError error, Instant createdAt, Instant startedAt, Instant finishedAt,
        JsonNode request, JsonNode result, List<Attempt> history) {

    /** One attempt: {@code outcome} is null while it runs, then succeeded, failed, blocked, retry, cancelled, stale or lost. */
    public record Attempt(int attempt, String worker, Instant startedAt, Instant finishedAt, String outcome) {
    }

    /** A page of jobs, newest first; {@code next} is the cursor of the page after, null on the last. */
    public record Page(List<AdminJobView> jobs, String next) {
    }
}
