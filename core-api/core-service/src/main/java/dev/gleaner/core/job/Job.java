package dev.gleaner.core.job;

import java.time.Instant;
import java.util.UUID;

/**
 * A job as PostgreSQL holds it.
 *
 * @param attempts   how many attempts it has had (the current one included)
 * @param errorJson  the typed error of its last failed attempt ({@link JobError} as JSON), or null
 * @param resultJson its result when it succeeded (a synchronous scrape's answer, as JSON), or null
 */
public record Job(UUID id, UUID tenantId, JobStatus status, int attempts, Instant createdAt, Instant startedAt,
        Instant finishedAt, String errorJson, String resultJson) {
}
