package dev.gleaner.core.webhook;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

import dev.gleaner.core.client.webhook.DeliveryAttempt;
import dev.gleaner.core.client.webhook.DeliveryView;
import dev.gleaner.core.db.Rows;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The webhook outbox in PostgreSQL. Deliveries are made from what PostgreSQL already knows (a job,
 * batch or crawl that asked for a webhook and has ended), at most one per job, batch or crawl and event, so none is
 * lost and none made twice whatever instance dies when; each is then sent by whichever instance
 * claims it, until delivered or dead.
 */
@Repository
public class WebhookOutbox {

    /** A delivery claimed for sending. */
    public record Claimed(UUID id, UUID tenantId, String event, String url, String payloadJson, int attempts) {
    }

    private final DatabaseClient db;

    public WebhookOutbox(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Deliveries for ended jobs that asked for a webhook: {@code job.succeeded}, or {@code job.failed} (failed,
     * blocked); a cancelled job sends none. A job sends the events its webhook lists, by default both (a job of a
     * batch: none unless listed). Answers how many were made.
     */
    public Mono<Long> fromEndedJobs(int limit) {
        return db.sql("""
                        WITH due AS (
                            SELECT id FROM jobs
                            WHERE webhook_pending AND status IN ('succeeded', 'failed', 'blocked', 'cancelled')
                            ORDER BY finished_at LIMIT :limit FOR UPDATE SKIP LOCKED),
                        cleared AS (
                            UPDATE jobs j SET webhook_pending = false FROM due WHERE j.id = due.id
                            RETURNING j.id, j.tenant_id, j.batch_id, j.status, j.attempt, j.error, j.finished_at,
                                      j.request -> 'webhook' AS hook),
                        events AS (
                            SELECT c.*, CASE WHEN c.status = 'succeeded' THEN 'job.succeeded'
                                             WHEN c.status IN ('failed', 'blocked') THEN 'job.failed' END AS event
                            FROM cleared c)
                        INSERT INTO webhook_deliveries (id, tenant_id, job_id, batch_id, event, url, payload)
                        SELECT gen_random_uuid(), e.tenant_id, e.id, e.batch_id, e.event, e.hook ->> 'url',
                               jsonb_strip_nulls(jsonb_build_object('event', e.event, 'jobId', e.id, 'batchId', e.batch_id,
                                   'status', e.status, 'attempts', e.attempt, 'error', e.error,
                                   'metadata', e.hook -> 'metadata', 'occurredAt', e.finished_at))
                        FROM events e
                        WHERE e.event IS NOT NULL
                          AND CASE WHEN jsonb_typeof(e.hook -> 'events') = 'array' THEN (e.hook -> 'events') @> to_jsonb(e.event)
                                   ELSE e.batch_id IS NULL END
                        ON CONFLICT DO NOTHING""")
                .bind("limit", limit).fetch().rowsUpdated();
    }

    /** {@code batch.completed} deliveries for batches that asked for one and whose every job has ended. */
    public Mono<Long> fromCompletedBatches(int limit) {
        return db.sql("""
                        WITH done AS (
                            SELECT b.id FROM batches b
                            WHERE b.webhook_pending AND NOT EXISTS (
                                SELECT 1 FROM jobs j WHERE j.batch_id = b.id AND j.status IN ('queued', 'running'))
                            ORDER BY b.created_at LIMIT :limit FOR UPDATE SKIP LOCKED),
                        cleared AS (
                            UPDATE batches b SET webhook_pending = false FROM done WHERE b.id = done.id
                            RETURNING b.id, b.tenant_id, b.total, b.request -> 'webhook' AS hook),
                        counted AS (
                            SELECT c.*, (SELECT jsonb_object_agg(s.status, s.n) FROM (
                                SELECT status, count(*) AS n FROM jobs WHERE batch_id = c.id GROUP BY status) s) AS counts
                            FROM cleared c)
                        INSERT INTO webhook_deliveries (id, tenant_id, batch_id, event, url, payload)
                        SELECT gen_random_uuid(), c.tenant_id, c.id, 'batch.completed', c.hook ->> 'url',
                               jsonb_strip_nulls(jsonb_build_object('event', 'batch.completed', 'batchId', c.id,
                                   'total', c.total, 'counts', c.counts, 'metadata', c.hook -> 'metadata',
                                   'occurredAt', now()))
                        FROM counted c
                        WHERE jsonb_typeof(c.hook -> 'events') IS DISTINCT FROM 'array'
                           OR (c.hook -> 'events') @> '"batch.completed"'::jsonb
                        ON CONFLICT DO NOTHING""")
                .bind("limit", limit).fetch().rowsUpdated();
    }

    /** {@code crawl.completed} deliveries for crawls that asked for a webhook and have finished. */
    public Mono<Long> fromFinishedCrawls(int limit) {
        return db.sql("""
                        WITH done AS (
                            SELECT id FROM crawls WHERE webhook_pending AND finished_at IS NOT NULL
                            ORDER BY finished_at LIMIT :limit FOR UPDATE SKIP LOCKED),
                        cleared AS (
                            UPDATE crawls c SET webhook_pending = false FROM done WHERE c.id = done.id
                            RETURNING c.id, c.tenant_id, c.url, c.status, c.finished_at, c.webhook AS hook,
                                      jsonb_build_object('discovered', c.discovered - c.aliases, 'done', c.done,
                                          'failed', c.failed, 'blocked', c.blocked, 'cancelled', c.cancelled,
                                          'skippedRobots', c.skipped_robots, 'skippedRules', c.skipped_rules,
                                          'skippedRefused', c.skipped_refused) AS counts)
                        INSERT INTO webhook_deliveries (id, tenant_id, crawl_id, event, url, payload)
                        SELECT gen_random_uuid(), c.tenant_id, c.id, 'crawl.completed', c.hook ->> 'url',
                               jsonb_strip_nulls(jsonb_build_object('event', 'crawl.completed', 'crawlId', c.id,
                                   'url', c.url, 'status', c.status, 'counts', c.counts, 'metadata', c.hook -> 'metadata',
                                   'occurredAt', c.finished_at))
                        FROM cleared c
                        ON CONFLICT DO NOTHING""")
                .bind("limit", limit).fetch().rowsUpdated();
    }

    /** Due deliveries no other instance is sending, now this one's for {@code hold}; the attempt is counted. */
    public Flux<Claimed> claimDue(int limit, Duration hold) {
        return db.sql("""
                        UPDATE webhook_deliveries SET lease_until = now() + make_interval(secs => :hold),
                               attempts = attempts + 1
                        WHERE id IN (
                            SELECT id FROM webhook_deliveries
                            WHERE status = 'pending' AND next_attempt_at <= now()
                              AND (lease_until IS NULL OR lease_until < now())
                            ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED)
                        RETURNING id, tenant_id, event, url, payload::text AS payload, attempts""")
                .bind("limit", limit).bind("hold", hold.toMillis() / 1000.0)
                .map(row -> new Claimed(row.get("id", UUID.class), row.get("tenant_id", UUID.class),
                        row.get("event", String.class), row.get("url", String.class), row.get("payload", String.class),
                        row.get("attempts", Integer.class)))
                .all();
    }

    /** The delivery was delivered: the attempt is recorded with it. */
    public Mono<Void> delivered(UUID id, int status) {
        return db.sql("""
                        WITH d AS (
                            UPDATE webhook_deliveries SET status = 'delivered', delivered_at = now(), last_status = :s,
                                   last_error = NULL, lease_until = NULL
                            WHERE id = :id RETURNING id, attempts)
                        INSERT INTO webhook_attempts (delivery_id, attempt, status) SELECT id, attempts, :s FROM d""")
                .bind("id", id).bind("s", status).fetch().rowsUpdated().then();
    }

    /** A failed attempt, recorded: sent again after {@code delay}, or dead when {@code dead}. */
    public Mono<Void> failed(UUID id, Integer status, String error, Duration delay, boolean dead) {
        return db.sql("""
                        WITH d AS (
                            UPDATE webhook_deliveries
                            SET status = CASE WHEN :dead THEN 'dead' ELSE 'pending' END, last_status = :s,
                                last_error = :e, next_attempt_at = now() + make_interval(secs => :delay),
                                lease_until = NULL
                            WHERE id = :id RETURNING id, attempts)
                        INSERT INTO webhook_attempts (delivery_id, attempt, status, error)
                        SELECT id, attempts, :s, :e FROM d""")
                .bind("id", id).bind("dead", dead).bind("s", Parameter.fromOrEmpty(status, Integer.class))
                .bind("e", error.length() > 1_000 ? error.substring(0, 1_000) : error)
                .bind("delay", delay.toMillis() / 1000.0)
                .fetch().rowsUpdated().then();
    }

    /**
     * Deliveries, newest first, of one status and tenant when given, older than the delivery {@code before} (null:
     * from the newest).
     */
    public Flux<DeliveryView> list(String status, UUID tenantId, UUID before, int limit) {
        StringBuilder sql = new StringBuilder("""
                SELECT id, tenant_id, job_id, batch_id, event, url, status, attempts, last_status, last_error, created_at,
                       next_attempt_at, delivered_at
                FROM webhook_deliveries WHERE true""");
        Map<String, Object> values = new HashMap<>();
        if (status != null) {
            sql.append(" AND status = :status");
            values.put("status", status);
        }
        if (tenantId != null) {
            sql.append(" AND tenant_id = :tenant");
            values.put("tenant", tenantId);
        }
        if (before != null) {
            sql.append(" AND (created_at, id) < (SELECT b.created_at, b.id FROM webhook_deliveries b WHERE b.id = :before)");
            values.put("before", before);
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
        values.put("limit", limit);
        return db.sql(sql.toString()).bindValues(values).map(WebhookOutbox::view).all();
    }

    /** A dead (or pending) delivery to be sent again now, from its first attempt; empty when there is none. */
    public Mono<DeliveryView> retry(UUID id) {
        return db.sql("""
                        UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now(),
                               lease_until = NULL
                        WHERE id = :id AND status <> 'delivered'
                        RETURNING id, tenant_id, job_id, batch_id, event, url, status, attempts, last_status, last_error,
                                  created_at, next_attempt_at, delivered_at""")
                .bind("id", id).map(WebhookOutbox::view).one();
    }

    /** One delivery, empty when there is none. */
    public Mono<DeliveryView> find(UUID id) {
        return db.sql("""
                        SELECT id, tenant_id, job_id, batch_id, event, url, status, attempts, last_status, last_error,
                               created_at, next_attempt_at, delivered_at
                        FROM webhook_deliveries WHERE id = :id""")
                .bind("id", id).map(WebhookOutbox::view).one();
    }

    /** The delivery's attempts, oldest first. */
    public Flux<DeliveryAttempt> attempts(UUID id) {
        return db.sql("SELECT attempt, status, error, at FROM webhook_attempts WHERE delivery_id = :id ORDER BY id")
                .bind("id", id)
                .map(row -> new DeliveryAttempt(row.get("attempt", Integer.class), row.get("status", Integer.class),
                        row.get("error", String.class), Rows.instant(row, "at")))
                .all();
    }

    public Mono<Long> pending() {
        return db.sql("SELECT count(*) AS n FROM webhook_deliveries WHERE status = 'pending'")
                .map(row -> row.get("n", Long.class)).one();
    }

    private static DeliveryView view(Readable row) {
        return new DeliveryView(row.get("id", UUID.class), row.get("tenant_id", UUID.class), row.get("job_id", UUID.class),
                row.get("batch_id", UUID.class), row.get("event", String.class), row.get("url", String.class),
                row.get("status", String.class), row.get("attempts", Integer.class), row.get("last_status", Integer.class),
                row.get("last_error", String.class), Rows.instant(row, "created_at"), Rows.instant(row, "next_attempt_at"),
                Rows.instant(row, "delivered_at"));
    }
}
