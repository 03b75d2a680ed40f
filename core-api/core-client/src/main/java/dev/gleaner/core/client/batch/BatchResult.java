package dev.gleaner.core.client.batch;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.gleaner.core.client.job.JobError;
import tools.jackson.databind.JsonNode;

/**
 * One URL of a batch and how its job went.
 *
 * @param id     the job's id ({@code GET /v1/jobs/{id}} works for it too)
 * @param result what {@code POST /v1/scrape} would have answered, once the job succeeded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchResult(UUID id, String url, String status, int attempts, JobError error, JsonNode result) {
}
