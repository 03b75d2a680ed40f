package dev.gleaner.core.job;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

import dev.gleaner.core.db.Rows;
import dev.gleaner.core.error.GleanerException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The workers' side of jobs in PostgreSQL: claiming an attempt, holding it, ending it, and the
 * sweeper's queries. Every change after a claim is fenced by the attempt number, so an attempt that
 * lost its hold (its instance presumed dead, the job cancelled) changes nothing.
 */
@Repository
public class JobRuns {

    /** An attempt this instance now holds. */
    public record Claim(UUID jobId, UUID tenantId, int attempt, int maxAttempts, String requestJson, String requestId,
            boolean takenOver, UUID crawlId, Instant createdAt) {
    }

    /** What the sweeper did with jobs whose instance went silent. */
    public record TakenBack(UUID jobId, JobStatus status) {
    }

    /** Queued work right now. */
    public record QueueStats(long depth, Instant oldest) {
    }

    private final DatabaseClient db;

    public JobRuns(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Takes the next attempt of a job that is queued and due, or running under an instance whose hold
     * expired; records the attempt (and the silent one as lost). Empty when the job is not to be run now.
     */
    public Mono<Claim> claim(UUID jobId, String worker, Duration hold) {
        return db.sql("""
                        WITH prev AS (SELECT id, status AS was FROM jobs WHERE id = :id FOR UPDATE),
                        claimed AS (
                            UPDATE jobs j SET status = 'running', attempt = j.attempt + 1, worker = :worker,
                                   lease_until = now() + make_interval(secs => :hold),
                                   started_at = coalesce(j.started_at, now())
                            FROM prev
                            WHERE j.id = prev.id AND j.attempt < j.max_attempts
                              AND ((j.status = 'queued' AND j.not_before <= now())
                                   OR (j.status = 'running' AND j.lease_until < now()))
                            RETURNING j.id, j.tenant_id, j.attempt, j.max_attempts, j.request::text AS request,
                                      j.request_id, j.crawl_id, j.created_at, prev.was),
                        lost AS (
                            UPDATE job_attempts a SET outcome = 'lost', finished_at = now() FROM claimed c
                            WHERE a.job_id = c.id AND a.attempt < c.attempt AND a.outcome IS NULL),
                        recorded AS (
                            INSERT INTO job_attempts (job_id, attempt, worker) SELECT id, attempt, :worker FROM claimed)
                        SELECT * FROM claimed""")
                .bind("id", jobId).bind("worker", worker).bind("hold", seconds(hold))
                .map(row -> new Claim(row.get("id", UUID.class), row.get("tenant_id", UUID.class),
                        row.get("attempt", Integer.class), row.get("max_attempts", Integer.class),
                        row.get("request", String.class), row.get("request_id", String.class),
                        "running".equals(row.get("was", String.class)), row.get("crawl_id", UUID.class),
                        Rows.instant(row, "created_at")))
                .one();
    }

    /** True when some instance holds the job right now (it runs, and its hold has not expired). */
    public Mono<Boolean> heldElsewhere(UUID jobId) {
        return db.sql("SELECT status = 'running' AND lease_until >= now() AS held FROM jobs WHERE id = :id")
                .bind("id", jobId).map(row -> Boolean.TRUE.equals(row.get("held", Boolean.class))).one()
                .defaultIfEmpty(false);
    }

    /** Extends the hold of an attempt; false when the attempt no longer holds the job (cancelled, taken over). */
    public Mono<Boolean> renew(Claim claim, Duration hold) {
        return db.sql("""
                        UPDATE jobs SET lease_until = now() + make_interval(secs => :hold)
                        WHERE id = :id AND attempt = :attempt AND status = 'running'""")
                .bind("id", claim.jobId()).bind("attempt", claim.attempt()).bind("hold", seconds(hold))
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    /** Ends the job with this attempt; false (and the attempt recorded as fenced off) when it no longer held it. */
    public Mono<Boolean> finish(Claim claim, JobStatus status, String resultJson, String errorJson) {
        return fenced(claim, db.sql("""
                        WITH ended AS (
                            UPDATE jobs SET status = :status, result = CAST(:result AS jsonb), error = CAST(:error AS jsonb),
                                   finished_at = now(), worker = NULL, lease_until = NULL
                            WHERE id = :id AND attempt = :attempt AND status = 'running' RETURNING id, attempt)
                        UPDATE job_attempts a SET outcome = :status, finished_at = now() FROM ended e
                        WHERE a.job_id = e.id AND a.attempt = e.attempt""")
                .bind("status", status.wire())
                .bind("result", Parameter.fromOrEmpty(resultJson, String.class))
                .bind("error", Parameter.fromOrEmpty(errorJson, String.class)));
    }

    /** Puts the job back in the queue, due after {@code delay}; false when this attempt no longer held it. */
    public Mono<Boolean> retry(Claim claim, Duration delay, String errorJson) {
        return fenced(claim, db.sql("""
                        WITH again AS (
                            UPDATE jobs SET status = 'queued', not_before = now() + make_interval(secs => :delay),
                                   dispatched_at = NULL, error = CAST(:error AS jsonb), worker = NULL, lease_until = NULL
                            WHERE id = :id AND attempt = :attempt AND status = 'running' RETURNING id, attempt)
                        UPDATE job_attempts a SET outcome = 'retry', finished_at = now() FROM again g
                        WHERE a.job_id = g.id AND a.attempt = g.attempt""")
                .bind("delay", seconds(delay)).bind("error", errorJson));
    }

    /**
     * Puts a job whose domain is paused back in the queue, to be tried again after {@code delay}; the attempt
     * does not count against its attempts, and its error names the pause while it waits.
     */
    public Mono<Boolean> postpone(Claim claim, Duration delay, String errorJson) {
        return fenced(claim, db.sql("""
                        WITH later AS (
                            UPDATE jobs SET status = 'queued', max_attempts = max_attempts + 1,
                                   not_before = now() + make_interval(secs => :delay), dispatched_at = NULL,
                                   error = CAST(:error AS jsonb), worker = NULL, lease_until = NULL
                            WHERE id = :id AND attempt = :attempt AND status = 'running' RETURNING id, attempt)
                        UPDATE job_attempts a SET outcome = 'paused', finished_at = now() FROM later l
                        WHERE a.job_id = l.id AND a.attempt = l.attempt""")
                .bind("delay", seconds(delay)).bind("error", errorJson));
    }

    /**
     * Hands an attempt cut short by this instance's shutdown back to the queue at once; it does not count
     * against the job's attempts.
     */
    public Mono<Boolean> handBack(Claim claim) {
        return fenced(claim, db.sql("""
                        WITH back AS (
                            UPDATE jobs SET status = 'queued', max_attempts = max_attempts + 1, dispatched_at = NULL,
                                   worker = NULL, lease_until = NULL
                            WHERE id = :id AND attempt = :attempt AND status = 'running' RETURNING id, attempt)
                        UPDATE job_attempts a SET outcome = 'handed-back', finished_at = now() FROM back b
                        WHERE a.job_id = b.id AND a.attempt = b.attempt"""));
    }

    private Mono<Boolean> fenced(Claim claim, DatabaseClient.GenericExecuteSpec change) {
        return change.bind("id", claim.jobId()).bind("attempt", claim.attempt())
                .fetch().rowsUpdated()
                .flatMap(n -> n > 0 ? Mono.just(true) : fencedOff(claim));
    }

    /**
     * Records that an attempt ended without holding its job any more (cancelled, or taken over by a
     * newer attempt): nothing of it is written. Always false.
     */
    public Mono<Boolean> fencedOff(Claim claim) {
        return db.sql("""
                        UPDATE job_attempts a
                        SET outcome = CASE WHEN j.status = 'cancelled' THEN 'cancelled' ELSE 'stale' END, finished_at = now()
                        FROM jobs j
                        WHERE j.id = a.job_id AND a.job_id = :id AND a.attempt = :attempt AND a.outcome IS NULL""")
                .bind("id", claim.jobId()).bind("attempt", claim.attempt())
                .fetch().rowsUpdated().thenReturn(false);
    }

    /** A job that is to be put on the stream by the sweeper: writing it there failed. */
    public Mono<Void> markUndispatched(UUID id) {
        return db.sql("UPDATE jobs SET dispatched_at = NULL WHERE id = :id AND status = 'queued'")
                .bind("id", id).fetch().rowsUpdated().then();
    }

    /** Every queued job is to be put on the stream again (the stream lost its data). */
    public Mono<Long> undispatchAll() {
        return db.sql("UPDATE jobs SET dispatched_at = NULL WHERE status = 'queued'").fetch().rowsUpdated();
    }

    /**
     * Queued jobs that are due and not on the stream (never put there, or put there longer than
     * {@code reofferAfter} ago and still not taken), marked as put there now; the caller puts them there.
     * Rows another sweeper is marking are skipped. A crawl's pages are put there by their crawl, at its
     * pace ({@code CrawlProgress}); only those put there long ago are offered again here.
     */
    public Flux<UUID> dueForOffer(Duration reofferAfter, int limit) {
        return db.sql("""
                        UPDATE jobs SET dispatched_at = now() WHERE id IN (
                            SELECT id FROM jobs
                            WHERE status = 'queued' AND not_before <= now()
                              AND ((dispatched_at IS NULL AND crawl_id IS NULL)
                                   OR dispatched_at < now() - make_interval(secs => :reoffer))
                            ORDER BY not_before LIMIT :limit FOR UPDATE SKIP LOCKED)
                        RETURNING id""")
                .bind("reoffer", seconds(reofferAfter)).bind("limit", limit)
                .map(row -> row.get("id", UUID.class)).all();
    }

    /**
     * Running jobs whose instance has not renewed its hold for {@code grace} past its end: queued again, or
     * failed as lost when they have had all their attempts.
     */
    public Flux<TakenBack> takeBackAbandoned(Duration grace) {
        return db.sql("""
                        WITH silent AS (
                            SELECT id FROM jobs
                            WHERE status = 'running' AND lease_until < now() - make_interval(secs => :grace)
                            FOR UPDATE SKIP LOCKED),
                        back AS (
                            UPDATE jobs j
                            SET status = CASE WHEN j.attempt >= j.max_attempts THEN 'failed' ELSE 'queued' END,
                                error = CASE WHEN j.attempt >= j.max_attempts THEN jsonb_build_object(
                                            'type', :lostType, 'title', 'Job lost', 'outcome', 'LOST',
                                            'detail', 'the instance running the job stopped answering, '
                                                      || j.attempt || ' attempt(s)')
                                        ELSE j.error END,
                                finished_at = CASE WHEN j.attempt >= j.max_attempts THEN now() END,
                                dispatched_at = NULL, worker = NULL, lease_until = NULL
                            FROM silent WHERE j.id = silent.id
                            RETURNING j.id, j.attempt, j.status),
                        marked AS (
                            UPDATE job_attempts a SET outcome = 'lost', finished_at = now() FROM back b
                            WHERE a.job_id = b.id AND a.attempt = b.attempt AND a.outcome IS NULL)
                        SELECT id, status FROM back""")
                .bind("grace", seconds(grace)).bind("lostType", GleanerException.TYPE_PREFIX + "job-lost")
                .map(row -> new TakenBack(row.get("id", UUID.class),
                        JobStatus.of(row.get("status", String.class)).orElseThrow()))
                .all();
    }

    public Mono<QueueStats> queueStats() {
        return db.sql("SELECT count(*) AS depth, min(created_at) AS oldest FROM jobs WHERE status = 'queued'")
                .map(row -> {
                    OffsetDateTime oldest = row.get("oldest", OffsetDateTime.class);
                    Long depth = row.get("depth", Long.class);
                    return new QueueStats(depth == null ? 0 : depth, oldest == null ? null : oldest.toInstant());
                })
                .one();
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
