package dev.gleaner.core.client.batch;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A batch as {@code GET /v1/batch/{id}} answers it.
 *
 * @param status     {@code queued} (no job started yet), {@code running}, {@code succeeded} (every job ended, at
 *                   least one succeeded), {@code failed} (every job ended, none succeeded) or {@code cancelled}
 * @param total      how many URLs (jobs) it has
 * @param counts     its jobs by status
 * @param finishedAt when its last job ended, once every job has
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchView(UUID id, String status, int total, Counts counts, Instant createdAt, Instant finishedAt) {

    /** The batch's jobs by status. */
    public record Counts(long queued, long running, long succeeded, long failed, long blocked, long cancelled) {
    }
}
