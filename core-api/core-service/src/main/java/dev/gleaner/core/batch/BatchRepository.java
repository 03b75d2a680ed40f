package dev.gleaner.core.batch;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.gleaner.core.job.Job;
import dev.gleaner.core.job.JobRepository;
import dev.gleaner.core.db.Rows;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Batches and their jobs in PostgreSQL. */
@Repository
public class BatchRepository {

    /** A batch row. */
    public record Batch(UUID id, UUID tenantId, int total, Instant createdAt, Instant cancelledAt) {
    }

    /** A job of a batch, with the URL it scrapes and its place in the batch. */
    public record Entry(Job job, String url, int position) {
    }

    /** How a batch's jobs stand. */
    public record Progress(Map<String, Long> byStatus, Instant lastFinished) {
    }

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public BatchRepository(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /** Writes the batch and one queued job per URL (in order, positions from 1) in one transaction. */
    public Mono<Batch> insert(UUID id, UUID tenantId, String optionsJson, byte[] optionsHash, List<UUID> jobIds,
            List<String> urls, int maxAttempts, String requestId) {
        Mono<Void> batch = db.sql("""
                        INSERT INTO batches (id, tenant_id, total, request, webhook_pending)
                        VALUES (:id, :t, :n, CAST(:o AS jsonb), jsonb_typeof(CAST(:o AS jsonb) -> 'webhook') = 'object')""")
                .bind("id", id).bind("t", tenantId).bind("n", urls.size()).bind("o", optionsJson).then();
        Mono<Void> jobs = db.sql("""
                        INSERT INTO jobs (id, tenant_id, status, request, request_hash, max_attempts, request_id,
                                          dispatched_at, batch_id, position, webhook_pending)
                        SELECT j.id, :t, 'queued', jsonb_set(CAST(:o AS jsonb), '{url}', to_jsonb(j.url)), :h, :max,
                               :requestId, now(), :batch, j.pos, jsonb_typeof(CAST(:o AS jsonb) -> 'webhook') = 'object'
                        FROM unnest(CAST(:ids AS uuid[]), CAST(:urls AS text[])) WITH ORDINALITY AS j(id, url, pos)""")
                .bind("t", tenantId).bind("o", optionsJson).bind("h", optionsHash).bind("max", maxAttempts)
                .bind("requestId", Parameter.fromOrEmpty(requestId, String.class)).bind("batch", id)
                .bind("ids", jobIds.stream().map(UUID::toString).toArray(String[]::new))
                .bind("urls", urls.toArray(String[]::new))
                .then();
        return batch.then(jobs).then(find(tenantId, id)).as(tx::transactional);
    }

    /** The batch when it is the tenant's (any tenant's for a null tenant: operators). */
    public Mono<Batch> find(UUID tenantId, UUID id) {
        return db.sql("SELECT id, tenant_id, total, created_at, cancelled_at FROM batches WHERE id = :id"
                        + (tenantId == null ? "" : " AND tenant_id = :t"))
                .bind("id", id).bindValues(tenantId == null ? Map.of() : Map.of("t", tenantId))
                .map(BatchRepository::batch).one();
    }

    /** Batches newest first, for operators: of one tenant (or all), after {@code after}. */
    public Flux<Batch> list(UUID tenantId, JobRepository.Position after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, tenant_id, total, created_at, cancelled_at FROM batches"
                + " WHERE true");
        Map<String, Object> values = new HashMap<>();
        if (tenantId != null) {
            sql.append(" AND tenant_id = :t");
            values.put("t", tenantId);
        }
        if (after != null) {
            sql.append(" AND (created_at, id) < (:afterCreated, :afterId)");
            values.put("afterCreated", after.createdAt().atOffset(ZoneOffset.UTC));
            values.put("afterId", after.id());
        }
        values.put("limit", limit);
        return db.sql(sql + " ORDER BY created_at DESC, id DESC LIMIT :limit").bindValues(values)
                .map(BatchRepository::batch).all();
    }

    private static Batch batch(Readable row) {
        return new Batch(row.get("id", UUID.class), row.get("tenant_id", UUID.class), row.get("total", Integer.class),
                Rows.instant(row, "created_at"), Rows.instant(row, "cancelled_at"));
    }

    public Mono<Progress> progress(UUID batchId) {
        record Group(String status, long count, Instant last) {
        }
        return db.sql("SELECT status, count(*) AS n, max(finished_at) AS last FROM jobs WHERE batch_id = :b GROUP BY status")
                .bind("b", batchId)
                .map(row -> new Group(row.get("status", String.class), row.get("n", Long.class), Rows.instant(row, "last")))
                .all().collectList()
                .map(groups -> new Progress(groups.stream().collect(Collectors.toMap(Group::status, Group::count)),
                        groups.stream().map(Group::last).filter(Objects::nonNull).max(Instant::compareTo)
                                .orElse(null)));
    }

    /** The batch's jobs after {@code afterPosition}, in order. */
    public Flux<Entry> entries(UUID batchId, int afterPosition, int limit) {
        return db.sql("""
                        SELECT id, tenant_id, status, attempt, created_at, started_at, finished_at, error::text AS error,
                               result::text AS result, request->>'url' AS url, position
                        FROM jobs WHERE batch_id = :b AND position > :after ORDER BY position LIMIT :limit""")
                .bind("b", batchId).bind("after", afterPosition).bind("limit", limit)
                .map(row -> new Entry(JobRepository.toJob(row), row.get("url", String.class),
                        row.get("position", Integer.class)))
                .all();
    }

    /** Marks the batch cancelled and cancels its jobs that have not started; answers how many were cancelled. */
    public Mono<Long> cancel(UUID batchId) {
        return db.sql("UPDATE batches SET cancelled_at = coalesce(cancelled_at, now()) WHERE id = :b").bind("b", batchId)
                .then()
                .then(db.sql("""
                                UPDATE jobs SET status = 'cancelled', finished_at = now()
                                WHERE batch_id = :b AND status = 'queued'""")
                        .bind("b", batchId).fetch().rowsUpdated())
                .as(tx::transactional);
    }

    /** Every queued job of the batch is to be put on the stream by the sweeper (writing it there failed). */
    public Mono<Void> markUndispatched(UUID batchId) {
        return db.sql("UPDATE jobs SET dispatched_at = NULL WHERE batch_id = :b AND status = 'queued'")
                .bind("b", batchId).fetch().rowsUpdated().then();
    }
}
