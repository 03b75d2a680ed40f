package dev.gleaner.core.job;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.gleaner.core.audit.AuditLog;
import dev.gleaner.core.client.job.AdminJobView;
import dev.gleaner.core.client.job.JobError;
import dev.gleaner.core.config.JobsProperties;
import dev.gleaner.core.db.Rows;
import dev.gleaner.core.error.ConflictException;
import dev.gleaner.core.error.NotFoundException;
import dev.gleaner.core.policy.DomainKey;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs of every tenant, for operators: found by tenant, status, kind, domain and time; one with its attempts,
 * request and result; cancelled; and a failed, blocked or cancelled one run again. Changes are audited. A page of
 * a batch or a crawl is not run again here (its batch or crawl counts it as ended).
 */
@Service
public class JobAdmin {

    /** What a listing may ask for; null fields are not filtered on. */
    public record Filter(UUID tenant, JobStatus status, String kind, UUID parent, String domain, Instant from,
            Instant to) {
    }

    private static final String COLUMNS = """
            j.id, j.tenant_id, j.request->>'url' AS url, j.status, j.batch_id, j.crawl_id, j.attempt, j.max_attempts,
            j.worker, j.error::text AS error, j.created_at, j.started_at, j.finished_at""";
    /** The host of the job's URL, lower-case (the URL was validated at submission: an absolute http(s) URL). */
    private static final String HOST = "lower(substring(j.request->>'url' from '^[A-Za-z][A-Za-z0-9+.-]*://"
            + "(?:[^@/]*@)?(\\[[^]]*\\]|[^:/?#]+)'))";

    private final DatabaseClient db;
    private final AuditLog audit;
    private final TransactionalOperator tx;
    private final JsonMapper json;
    private final JobQueue queue;
    private final int maxAttempts;

    public JobAdmin(DatabaseClient db, AuditLog audit, TransactionalOperator tx, JsonMapper json, JobQueue queue,
            JobsProperties properties) {
        this.db = db;
        this.audit = audit;
        this.tx = tx;
        this.json = json;
        this.queue = queue;
        this.maxAttempts = properties.maxAttempts();
    }

    /** A page of jobs, newest first unless {@code oldestFirst}; {@code after} is the last job of the page before. */
    public Mono<AdminJobView.Page> list(Filter filter, JobRepository.Position after, boolean oldestFirst, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM jobs j WHERE true");
        if (filter.tenant() != null) {
            sql.append(" AND j.tenant_id = :tenant");
        }
        if (filter.status() != null) {
            sql.append(" AND j.status = :status");
        }
        if (filter.kind() != null) {
            sql.append(switch (filter.kind()) {
                case "batch" -> " AND j.batch_id IS NOT NULL";
                case "crawl" -> " AND j.crawl_id IS NOT NULL";
                default -> " AND j.batch_id IS NULL AND j.crawl_id IS NULL";
            });
        }
        if (filter.parent() != null) {
            sql.append(" AND (j.batch_id = :parent OR j.crawl_id = :parent)");
        }
        if (filter.domain() != null) {
            sql.append(" AND (" + HOST + " = :domain OR " + HOST + " LIKE :subdomains)");
        }
        if (filter.from() != null) {
            sql.append(" AND j.created_at >= :from");
        }
        if (filter.to() != null) {
            sql.append(" AND j.created_at < :to");
        }
        if (after != null) {
            sql.append(oldestFirst ? " AND (j.created_at, j.id) > (:afterCreated, :afterId)"
                    : " AND (j.created_at, j.id) < (:afterCreated, :afterId)");
        }
        sql.append(oldestFirst ? " ORDER BY j.created_at, j.id LIMIT :limit"
                : " ORDER BY j.created_at DESC, j.id DESC LIMIT :limit");
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString()).bind("limit", limit + 1);
        if (filter.tenant() != null) {
            spec = spec.bind("tenant", filter.tenant());
        }
        if (filter.status() != null) {
            spec = spec.bind("status", filter.status().wire());
        }
        if (filter.parent() != null) {
            spec = spec.bind("parent", filter.parent());
        }
        if (filter.domain() != null) {
            String domain = DomainKey.of(filter.domain());
            spec = spec.bind("domain", domain).bind("subdomains", "%." + domain.replace("%", "\\%").replace("_", "\\_"));
        }
        if (filter.from() != null) {
            spec = spec.bind("from", filter.from().atOffset(ZoneOffset.UTC));
        }
        if (filter.to() != null) {
            spec = spec.bind("to", filter.to().atOffset(ZoneOffset.UTC));
        }
        if (after != null) {
            spec = spec.bind("afterCreated", after.createdAt().atOffset(ZoneOffset.UTC)).bind("afterId", after.id());
        }
        return spec.map(row -> view(row, false)).all().collectList().map(rows -> {
            List<AdminJobView> shown = rows.size() > limit ? rows.subList(0, limit) : rows;
            String next = rows.size() > limit
                    ? new JobRepository.Position(shown.getLast().createdAt(), shown.getLast().id()).cursor() : null;
            return new AdminJobView.Page(shown, next);
        });
    }

    /** One job with its request, result and every attempt. */
    public Mono<AdminJobView> get(UUID id) {
        return db.sql("SELECT " + COLUMNS + ", j.request::text AS request, j.result::text AS result FROM jobs j"
                        + " WHERE j.id = :id").bind("id", id)
                .map(row -> view(row, true)).one()
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no job with id " + id)))
                .flatMap(job -> db.sql("SELECT attempt, worker, started_at, finished_at, outcome FROM job_attempts"
                                + " WHERE job_id = :id ORDER BY attempt").bind("id", id)
                        .map(row -> new AdminJobView.Attempt(row.get("attempt", Integer.class),
                                row.get("worker", String.class), Rows.instant(row, "started_at"),
                                Rows.instant(row, "finished_at"), row.get("outcome", String.class)))
                        .all().collectList()
                        .map(attempts -> withHistory(job, attempts)));
    }

    /** Cancels a queued or running job of any tenant; one that already ended is a conflict. */
    public Mono<AdminJobView> cancel(UUID id, String actor) {
        return db.sql("UPDATE jobs SET status = 'cancelled', finished_at = now(), worker = NULL, lease_until = NULL"
                        + " WHERE id = :id AND status IN ('queued', 'running') RETURNING id").bind("id", id)
                .map(row -> row.get("id", UUID.class)).one()
                .switchIfEmpty(Mono.defer(() -> get(id).flatMap(job -> Mono.error(new ConflictException("job " + id
                        + " already ended " + job.status() + "; only queued or running jobs can be cancelled")))))
                .flatMap(cancelled -> audit.record(actor, "job.cancel", id.toString(), "by an operator"))
                .as(tx::transactional)
                .then(get(id));
    }

    /**
     * Runs a failed, blocked or cancelled job again, from the queue, with as many attempts as a new job gets.
     * Its attempts so far stay in its history.
     */
    public Mono<AdminJobView> retry(UUID id, String actor) {
        return get(id).flatMap(job -> {
            if (job.parentId() != null) {
                return Mono.error(new ConflictException("job " + id + " is a page of a " + job.kind()
                        + "; its " + job.kind() + " counts it as ended, so it is not run again on its own"));
            }
            if (!List.of("failed", "blocked", "cancelled").contains(job.status())) {
                return Mono.error(new ConflictException("job " + id + " is " + job.status()
                        + "; only failed, blocked or cancelled jobs are run again"));
            }
            return db.sql("""
                            UPDATE jobs SET status = 'queued', max_attempts = attempt + :attempts, not_before = now(),
                                dispatched_at = NULL, error = NULL, result = NULL, finished_at = NULL, worker = NULL,
                                lease_until = NULL
                            WHERE id = :id AND status IN ('failed', 'blocked', 'cancelled')""")
                    .bind("id", id).bind("attempts", maxAttempts).fetch().rowsUpdated()
                    .filter(updated -> updated > 0)
                    .switchIfEmpty(Mono.error(() -> new ConflictException("job " + id + " changed meanwhile; look again")))
                    .then(audit.record(actor, "job.retry", id.toString(), "was " + job.status() + " after "
                            + job.attempts() + " attempts"))
                    .as(tx::transactional)
                    // queued from PostgreSQL by the sweeper if Redis does not take it now
                    .then(queue.offer(id).onErrorResume(e -> Mono.empty()))
                    .then(get(id));
        });
    }

    private AdminJobView view(Readable row, boolean detail) {
        UUID batch = row.get("batch_id", UUID.class);
        UUID crawl = row.get("crawl_id", UUID.class);
        String error = row.get("error", String.class);
        String request = detail ? row.get("request", String.class) : null;
        String result = detail ? row.get("result", String.class) : null;
        return new AdminJobView(row.get("id", UUID.class), row.get("tenant_id", UUID.class),
                row.get("url", String.class), row.get("status", String.class),
                crawl != null ? "crawl" : batch != null ? "batch" : "job", crawl != null ? crawl : batch,
                row.get("attempt", Integer.class), row.get("max_attempts", Integer.class), row.get("worker", String.class),
                error == null ? null : json.readValue(error, JobError.class), Rows.instant(row, "created_at"),
                Rows.instant(row, "started_at"), Rows.instant(row, "finished_at"),
                request == null ? null : json.readTree(request), result == null ? null : json.readTree(result), null);
    }

    private static AdminJobView withHistory(AdminJobView job, List<AdminJobView.Attempt> attempts) {
        return new AdminJobView(job.id(), job.tenantId(), job.url(), job.status(), job.kind(), job.parentId(),
                job.attempts(), job.maxAttempts(), job.worker(), job.error(), job.createdAt(), job.startedAt(),
                job.finishedAt(), job.request(), job.result(), attempts);
    }
}
