package dev.gleaner.core.scrape;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import reactor.core.publisher.Mono;

/** Each tenant's latest answer per distinct request, for {@code maxAge} (PostgreSQL, purged with retention). */
@Repository
public class ScrapeCache {

    /** A stored answer and when it was made. */
    public record Stored(String resultJson, Instant createdAt) {
    }

    private final DatabaseClient db;

    public ScrapeCache(DatabaseClient db) {
        this.db = db;
    }

    /** The stored answer if it is younger than {@code maxAge}. */
    public Mono<Stored> find(UUID tenantId, String key, Duration maxAge) {
        return db.sql("""
                        SELECT result::text AS result, created_at FROM scrape_cache
                        WHERE tenant_id = :t AND cache_key = :k AND created_at > now() - make_interval(secs => :age)""")
                .bind("t", tenantId).bind("k", key).bind("age", maxAge.toMillis() / 1000.0)
                .map(row -> new Stored(row.get("result", String.class),
                        row.get("created_at", OffsetDateTime.class).toInstant()))
                .one();
    }

    public Mono<Void> store(UUID tenantId, String key, String resultJson) {
        return db.sql("""
                        INSERT INTO scrape_cache (tenant_id, cache_key, result) VALUES (:t, :k, CAST(:r AS jsonb))
                        ON CONFLICT (tenant_id, cache_key) DO UPDATE SET result = excluded.result, created_at = now()""")
                .bind("t", tenantId).bind("k", key).bind("r", resultJson).fetch().rowsUpdated().then();
    }
}
