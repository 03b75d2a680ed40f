package dev.gleaner.core.scrape;

import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

import reactor.core.publisher.Mono;

/** One row per scrape, whatever its outcome: the tenant's history and the basis of usage. */
@Repository
public class ScrapeLog {

    /** What is recorded of one scrape. */
    public record Entry(UUID id, UUID tenantId, String url, String finalUrl, Integer statusCode, String outcome,
            String detail, long durationMs, String requestId) {
    }

    private final DatabaseClient db;

    public ScrapeLog(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> record(Entry e) {
        return db.sql("""
                        INSERT INTO scrapes (id, tenant_id, url, final_url, status_code, outcome, detail, duration_ms, request_id)
                        VALUES (:id, :tenant, :url, :finalUrl, :status, :outcome, :detail, :duration, :requestId)""")
                .bind("id", e.id()).bind("tenant", e.tenantId()).bind("url", e.url())
                .bind("outcome", e.outcome()).bind("duration", e.durationMs())
                .bind("finalUrl", Parameter.fromOrEmpty(e.finalUrl(), String.class))
                .bind("status", Parameter.fromOrEmpty(e.statusCode(), Integer.class))
                .bind("detail", Parameter.fromOrEmpty(e.detail(), String.class))
                .bind("requestId", Parameter.fromOrEmpty(e.requestId(), String.class))
                .then();
    }
}
