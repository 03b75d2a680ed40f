package dev.gleaner.core.tenant;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

import dev.gleaner.core.web.PageQuery;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Tenants in PostgreSQL. */
@Repository
public class TenantRepository {

    private static final String SELECT = """
            SELECT t.id, t.name, t.concurrency_cap, t.created_at, t.retention_days, t.disabled_at, t.plan_id,
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

    /** The tenant's plan id (empty for the default plan); 404-worthy empty when there is no such tenant is not told apart. */
    public Mono<UUID> planOf(UUID id) {
        return db.sql("SELECT plan_id FROM tenants WHERE id = :id").bind("id", id)
                .map(row -> java.util.Optional.ofNullable(row.get("plan_id", UUID.class))).one()
                .flatMap(Mono::justOrEmpty);
    }

    /** Whether an operator suspended the tenant (false for no such tenant). */
    public Mono<Boolean> isSuspended(UUID id) {
        return db.sql("SELECT disabled_at IS NOT NULL AS suspended FROM tenants WHERE id = :id").bind("id", id)
                .map(row -> Boolean.TRUE.equals(row.get("suspended", Boolean.class))).one().defaultIfEmpty(false);
    }

    public Mono<Tenant> findById(UUID id) {
        return db.sql(SELECT + " WHERE t.id = :id").bind("id", id).map(TenantRepository::toTenant).one();
    }


    /** Changes the fields given (a null one stays); empty when there is no such tenant. */
    public Mono<Tenant> update(UUID id, String name, Integer concurrencyCap, Integer retentionDays) {
        return db.sql("UPDATE tenants SET name = COALESCE(:name, name), concurrency_cap = COALESCE(:cap, concurrency_cap),"
                        + " retention_days = COALESCE(:days, retention_days) WHERE id = :id")
                .bind("id", id)
                .bind("name", Parameter.fromOrEmpty(name, String.class))
                .bind("cap", Parameter.fromOrEmpty(concurrencyCap, Integer.class))
                .bind("days", Parameter.fromOrEmpty(retentionDays, Integer.class))
                .fetch().rowsUpdated()
                .filter(updated -> updated > 0)
                .flatMap(updated -> findById(id));
    }

    /** Suspends a tenant (keeping the first suspension's time) or resumes it; false when there is no such tenant. */
    public Mono<Boolean> suspend(UUID id, boolean suspended) {
        return db.sql("UPDATE tenants SET disabled_at = " + (suspended ? "coalesce(disabled_at, now())" : "NULL")
                        + " WHERE id = :id")
                .bind("id", id).fetch().rowsUpdated().map(n -> n > 0);
    }

    /** How a page of tenants may be ordered: by name or by creation, either way. */
    public enum Order {
        NAME("lower(t.name)"), CREATED_AT("t.created_at");

        private final String column;

        Order(String column) {
            this.column = column;
        }
    }

    /**
     * One page of tenants, {@code q} (when not null) matching a part of the name, case aside, or the whole id, and
     * {@code plan} (when not null) the plan they are on (the default plan's tenants include those put on none);
     * ties broken by id so pages do not overlap.
     */
    public Flux<Tenant> findPage(String q, UUID plan, Order order, boolean descending, long offset, int limit) {
        String direction = descending ? " DESC" : " ASC";
        return db.sql(SELECT + " WHERE (CAST(:q AS text) IS NULL OR t.name ILIKE '%' || :q || '%' OR t.id::text = :q)"
                        + " AND (CAST(:plan AS uuid) IS NULL OR t.plan_id = :plan OR t.plan_id IS NULL"
                        + " AND EXISTS (SELECT 1 FROM plans p WHERE p.id = :plan AND p.is_default))"
                        + " ORDER BY " + order.column + direction + ", t.id" + direction + " OFFSET :offset LIMIT :limit")
                .bind("q", Parameter.fromOrEmpty(PageQuery.like(q), String.class))
                .bind("plan", Parameter.fromOrEmpty(plan, UUID.class))
                .bind("offset", offset).bind("limit", limit)
                .map(TenantRepository::toTenant).all();
    }

    private static Tenant toTenant(Readable row) {
        OffsetDateTime created = row.get("created_at", OffsetDateTime.class);
        Long tokens = row.get("active_tokens", Long.class);
        OffsetDateTime suspended = row.get("disabled_at", OffsetDateTime.class);
        return new Tenant(row.get("id", UUID.class), row.get("name", String.class),
                row.get("concurrency_cap", Integer.class), created == null ? Instant.EPOCH : created.toInstant(),
                tokens == null ? 0 : tokens, row.get("retention_days", Integer.class),
                suspended == null ? null : suspended.toInstant(), row.get("plan_id", UUID.class));
    }
}
