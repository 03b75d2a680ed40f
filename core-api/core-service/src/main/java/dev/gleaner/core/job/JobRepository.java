package dev.gleaner.core.job;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

import dev.gleaner.core.db.Rows;
import dev.gleaner.core.error.InvalidInputException;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Jobs in PostgreSQL, as their tenants see them: written once, read, listed, cancelled. */
@Repository
public class JobRepository {

    private static final String COLUMNS = """
            id, tenant_id, status, attempt, created_at, started_at, finished_at, error::text AS error, result::text AS result
            """;

    /** What a new job is written with. */
    public record NewJob(UUID id, UUID tenantId, String requestJson, byte[] requestHash, String idempotencyKey,
            int maxAttempts, String requestId) {
    }

    /**
     * Where a listing goes on from: just after this job, in newest-first order. Its cursor is opaque to clients: the
     * creation time (µs) and id.
     */
    public record Position(Instant createdAt, UUID id) {

        public String cursor() {
            ByteBuffer bytes = ByteBuffer.allocate(24)
                    .putLong(createdAt.getEpochSecond() * 1_000_000L + createdAt.getNano() / 1_000)
                    .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
        }

        /** The position a cursor names; a 400 naming {@code cursor} for anything this API did not give out. */
        public static Position of(String cursor) {
            try {
                ByteBuffer bytes = ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor));
                if (bytes.remaining() != 24) {
                    throw new IllegalArgumentException("length");
                }
                long micros = bytes.getLong();
                Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                        Math.floorMod(micros, 1_000_000L) * 1_000);
                return new Position(at, new UUID(bytes.getLong(), bytes.getLong()));
            } catch (IllegalArgumentException e) {
                throw InvalidInputException.of("cursor", "is not a cursor this API gave out; pass the 'next' of a listing");
            }
        }
    }

    private final DatabaseClient db;

    public JobRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Writes a queued job, counted as put on the stream now (the caller puts it there next). */
    public Mono<Job> insert(NewJob job) {
        return db.sql("""
                        INSERT INTO jobs (id, tenant_id, status, request, request_hash, idempotency_key, max_attempts,
                                          request_id, dispatched_at, webhook_pending)
                        VALUES (:id, :tenant, 'queued', CAST(:request AS jsonb), :hash, :key, :max, :requestId, now(),
                                jsonb_typeof(CAST(:request AS jsonb) -> 'webhook') = 'object')
                        RETURNING\s""" + COLUMNS)
                .bind("id", job.id()).bind("tenant", job.tenantId()).bind("request", job.requestJson())
                .bind("hash", job.requestHash()).bind("max", job.maxAttempts())
                .bind("key", Parameter.fromOrEmpty(job.idempotencyKey(), String.class))
                .bind("requestId", Parameter.fromOrEmpty(job.requestId(), String.class))
                .map(JobRepository::toJob).one();
    }

    public Mono<Job> find(UUID tenantId, UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM jobs WHERE id = :id AND tenant_id = :tenant")
                .bind("id", id).bind("tenant", tenantId).map(JobRepository::toJob).one();
    }

    /** The job submitted under an idempotency key, with the hash of the request it was submitted with. */
    public Mono<Keyed> findByKey(UUID tenantId, String key) {
        return db.sql("SELECT " + COLUMNS + ", request_hash FROM jobs WHERE tenant_id = :tenant AND idempotency_key = :key")
                .bind("tenant", tenantId).bind("key", key)
                .map(row -> new Keyed(toJob(row), row.get("request_hash", byte[].class))).one();
    }

    /** A job found by its idempotency key. */
    public record Keyed(Job job, byte[] requestHash) {
    }

    /** The tenant's jobs, newest first, optionally of one status, after {@code after} (null: from the newest). */
    public Flux<Job> list(UUID tenantId, JobStatus status, Position after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM jobs WHERE tenant_id = :tenant");
        if (status != null) {
            sql.append(" AND status = :status");
        }
        if (after != null) {
            sql.append(" AND (created_at, id) < (:afterCreated, :afterId)");
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString()).bind("tenant", tenantId).bind("limit", limit);
        if (status != null) {
            spec = spec.bind("status", status.wire());
        }
        if (after != null) {
            spec = spec.bind("afterCreated", after.createdAt().atOffset(ZoneOffset.UTC)).bind("afterId", after.id());
        }
        return spec.map(JobRepository::toJob).all();
    }

    /** Cancels the job if it has not ended; empty when it is not the tenant's. */
    public Mono<Job> cancel(UUID tenantId, UUID id) {
        return db.sql("""
                        UPDATE jobs SET status = 'cancelled', finished_at = now(), worker = NULL, lease_until = NULL
                        WHERE id = :id AND tenant_id = :tenant AND status IN ('queued', 'running')
                        RETURNING\s""" + COLUMNS)
                .bind("id", id).bind("tenant", tenantId).map(JobRepository::toJob).one()
                .switchIfEmpty(Mono.defer(() -> find(tenantId, id)));
    }

    public static Job toJob(Readable row) {
        return new Job(row.get("id", UUID.class), row.get("tenant_id", UUID.class),
                JobStatus.of(row.get("status", String.class)).orElseThrow(), row.get("attempt", Integer.class),
                Rows.instant(row, "created_at"), Rows.instant(row, "started_at"), Rows.instant(row, "finished_at"),
                row.get("error", String.class), row.get("result", String.class));
    }
}
