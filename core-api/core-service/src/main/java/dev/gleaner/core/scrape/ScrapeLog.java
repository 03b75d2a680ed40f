package dev.gleaner.core.scrape;

import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
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
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        INSERT INTO scrapes (id, tenant_id, url, final_url, status_code, outcome, detail, duration_ms, request_id)
                        VALUES (:id, :tenant, :url, :finalUrl, :status, :outcome, :detail, :duration, :requestId)""")
                .bind("id", e.id()).bind("tenant", e.tenantId()).bind("url", e.url())
                .bind("outcome", e.outcome()).bind("duration", e.durationMs());
        spec = e.finalUrl() == null ? spec.bindNull("finalUrl", String.class) : spec.bind("finalUrl", e.finalUrl());
        spec = e.statusCode() == null ? spec.bindNull("status", Integer.class) : spec.bind("status", e.statusCode());
        spec = e.detail() == null ? spec.bindNull("detail", String.class) : spec.bind("detail", e.detail());
        spec = e.requestId() == null ? spec.bindNull("requestId", String.class) : spec.bind("requestId", e.requestId());
        return spec.then();
    }
}
