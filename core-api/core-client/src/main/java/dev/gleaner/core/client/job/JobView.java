package dev.gleaner.core.client.job;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import tools.jackson.databind.JsonNode;

/**
 * A job as {@code GET /v1/jobs/{id}} answers it.
 *
 * @param status     {@code queued}, {@code running}, {@code succeeded}, {@code failed}, {@code blocked} or
 *                   {@code cancelled}
 * @param attempts   attempts so far, the current one included
 * @param error      why the last attempt failed (also while a retry waits), absent otherwise
 * @param result     when it succeeded: what {@code POST /v1/scrape} would have answered; absent in listings
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(UUID id, String status, int attempts, Instant createdAt, Instant startedAt, Instant finishedAt,
        JobError error, JsonNode result) {
}
