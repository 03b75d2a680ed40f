package dev.gleaner.core.tenant;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Tenants in PostgreSQL. */
@Repository
public class TenantRepository {

    private static final String SELECT = """
            SELECT t.id, t.name, t.concurrency_cap, t.created_at, t.retention_days,
                   (SELECT count(*) FROM api_tokens k WHERE k.tenant_id = t.id AND k.revoked_at IS NULL) AS active_tokens
            FROM tenants t
            """;

    private final DatabaseClient db;

    public TenantRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Tenant> insert(UUID id, String name, int concurrencyCap, Integer retentionDays) {
        return db.sql("INSERT INTO tenants (id, name, concurrency_cap, retention_days) VALUES (:id, :name, :cap, :days)")
                .bind("id", id).bind("name", name).bind("cap", concurrencyCap)
                .bind("days", Parameter.fromOrEmpty(retentionDays, Integer.class))
                .then()
                .then(findById(id));
    }

    public Mono<Tenant> findById(UUID id) {
        return db.sql(SELECT + " WHERE t.id = :id").bind("id", id).map(TenantRepository::toTenant).one();
    }


    public Flux<Tenant> findAll() {
        return db.sql(SELECT + " WHERE t.disabled_at IS NULL ORDER BY t.created_at, t.name")
                .map(TenantRepository::toTenant).all();
    }

    private static Tenant toTenant(Readable row) {
        OffsetDateTime created = row.get("created_at", OffsetDateTime.class);
        Long tokens = row.get("active_tokens", Long.class);
        return new Tenant(row.get("id", UUID.class), row.get("name", String.class),
                row.get("concurrency_cap", Integer.class), created == null ? Instant.EPOCH : created.toInstant(),
                tokens == null ? 0 : tokens, row.get("retention_days", Integer.class));
    }
}
