package dev.gleaner.core.retention;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.gleaner.core.artifact.ArtifactStore;
import dev.gleaner.core.config.RetentionProperties;
import dev.gleaner.core.lifecycle.PeriodicTask;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Removes what is past its tenant's retention (its own {@code retention_days}, else its plan's, else the default),
 * every purge interval on every instance, a slice at a time: ended crawls (their pages, page jobs and
 * events with them), ended jobs (their attempts and webhook
 * deliveries with them), batches with no job left, cached answers, and artifacts (the bytes from the
 * artifact store first, then the row, so a row never points at nothing). The scrape log, which
 * holds no page content, is kept.
 */
@Component
public class RetentionPurge extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);
    private static final int SLICE = 1_000;
    private static final int MAX_SLICES = 50;
    /** The tenant's own retention, else its plan's ({@code allowances.retentionDays}), else the default. */
    private static final String EXPIRED = "now() - make_interval(days => coalesce(t.retention_days,"
            + " (SELECT (p.allowances->>'retentionDays')::int FROM plans p"
            + " WHERE p.id = coalesce(t.plan_id, (SELECT d.id FROM plans d WHERE d.is_default))), :days))";

    private final DatabaseClient db;
    private final ArtifactStore artifacts;
    private final MeterRegistry meters;
    private final int defaultDays;
    private final int auditDays;

    public RetentionPurge(DatabaseClient db, ArtifactStore artifacts, MeterRegistry meters,
            RetentionProperties properties) {
        super("retention purge", properties.purgeInterval());
        this.db = db;
        this.artifacts = artifacts;
        this.meters = meters;
        this.defaultDays = properties.defaultDays();
        this.auditDays = properties.auditDays();
    }

    @Override
    public Mono<Void> round() {
        return sliced("crawls", """
                        DELETE FROM crawls WHERE id IN (
                            SELECT c.id FROM crawls c JOIN tenants t ON t.id = c.tenant_id
                            WHERE c.finished_at < %s LIMIT :slice)""".formatted(EXPIRED))
                .then(sliced("jobs", """
                        DELETE FROM jobs WHERE id IN (
                            SELECT j.id FROM jobs j JOIN tenants t ON t.id = j.tenant_id
                            WHERE j.status IN ('succeeded', 'failed', 'blocked', 'cancelled') AND j.finished_at < %s
                              AND j.crawl_id IS NULL
                            LIMIT :slice)""".formatted(EXPIRED)))
                .then(sliced("batches", """
                        DELETE FROM batches WHERE id IN (
                            SELECT b.id FROM batches b JOIN tenants t ON t.id = b.tenant_id
                            WHERE b.created_at < %s AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.batch_id = b.id)
                            LIMIT :slice)""".formatted(EXPIRED)))
                .then(sliced("cache", """
                        DELETE FROM scrape_cache WHERE (tenant_id, cache_key) IN (
                            SELECT c.tenant_id, c.cache_key FROM scrape_cache c JOIN tenants t ON t.id = c.tenant_id
                            WHERE c.created_at < %s LIMIT :slice)""".formatted(EXPIRED)))
                .then(purgeArtifacts())
                .then(sliced("audit", """
                        DELETE FROM audit_log WHERE id IN (
                            SELECT id FROM audit_log WHERE created_at < now() - make_interval(days => :days)
                            ORDER BY created_at LIMIT :slice)""", auditDays));
    }

    /** Runs a slice-limited DELETE until it deletes less than a slice (or the round's share is spent). */
    private Mono<Void> sliced(String kind, String sql) {
        return sliced(kind, sql, defaultDays);
    }

    private Mono<Void> sliced(String kind, String sql, int days) {
        return Flux.range(0, MAX_SLICES)
                .concatMap(slice -> db.sql(sql).bind("days", days).bind("slice", SLICE).fetch().rowsUpdated(), 1)
                .takeUntil(deleted -> deleted < SLICE)
                .reduce(0L, Long::sum)
                .doOnNext(total -> counted(kind, total))
                .then();
    }

    private Mono<Void> purgeArtifacts() {
        return db.sql("""
                        SELECT a.id FROM artifacts a JOIN tenants t ON t.id = a.tenant_id
                        WHERE a.created_at < %s LIMIT :slice""".formatted(EXPIRED))
                .bind("days", defaultDays).bind("slice", SLICE)
                .map(row -> row.get("id", UUID.class)).all()
                .concatMap(id -> artifacts.delete(id)
                        .then(db.sql("DELETE FROM artifacts WHERE id = :id").bind("id", id).fetch().rowsUpdated())
                        .onErrorResume(e -> {
                            log.warn("artifact {} past retention not removed yet: {}", id, e.toString());
                            return Mono.just(0L);
                        }), 1)
                .reduce(0L, Long::sum)
                .doOnNext(total -> counted("artifacts", total))
                .then();
    }

    private void counted(String kind, long total) {
        if (total > 0) {
            log.info("retention purge removed {} {}", total, kind);
            Counter.builder("gleaner.retention.purged").tag("kind", kind)
                    .description("Rows (and artifacts) removed past their tenant's retention").register(meters)
                    .increment(total);
        }
    }
}
