package dev.gleaner.core.client.job;

import java.util.List;

/**
 * A page of {@code GET /v1/jobs}: the tenant's jobs, newest first, without their results.
 *
 * @param next the cursor of the next page, or null on the last one
 */
public record JobList(List<JobView> jobs, String next) {
}
