package dev.gleaner.core.plan;

import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

import dev.gleaner.core.client.plan.PlanAllowances;
import dev.gleaner.core.client.plan.PlanLimits;
import dev.gleaner.core.client.plan.PlanView;
import dev.gleaner.core.db.Rows;
import dev.gleaner.core.web.PageQuery;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Plans in PostgreSQL, and which tenant is on which. */
@Repository
public class PlanRepository {

    private static final String COLUMNS =
            "id, name, is_default, limits::text AS limits, allowances::text AS allowances, version, created_at, updated_at";

    private final DatabaseClient db;
    private final JsonMapper json;

    public PlanRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    public Mono<PlanView> insert(UUID id, String name, PlanLimits limits, PlanAllowances allowances) {
        return db.sql("INSERT INTO plans (id, name, limits, allowances) VALUES (:id, :name, CAST(:limits AS jsonb),"
                        + " CAST(:allowances AS jsonb)) RETURNING " + COLUMNS)
                .bind("id", id).bind("name", name).bind("limits", json.writeValueAsString(limits))
                .bind("allowances", json.writeValueAsString(allowances))
                .map(this::view).one();
    }

    /** A new name, limits and allowances, one version on; empty when there is no such plan. */
    public Mono<PlanView> update(UUID id, String name, PlanLimits limits, PlanAllowances allowances) {
        return db.sql("""
                        UPDATE plans SET name = :name, limits = CAST(:limits AS jsonb),
                               allowances = CAST(:allowances AS jsonb), version = version + 1, updated_at = now()
                        WHERE id = :id RETURNING\s""" + COLUMNS)
                .bind("id", id).bind("name", name).bind("limits", json.writeValueAsString(limits))
                .bind("allowances", json.writeValueAsString(allowances))
                .map(this::view).one();
    }

    /** One page of plans, {@code q} matching a part of the name, case aside, or the whole id; sorted by a column. */
    public Flux<PlanView> page(PageQuery<String> page) {
        return db.sql("SELECT " + COLUMNS + " FROM plans"
                        + " WHERE (CAST(:q AS text) IS NULL OR name ILIKE '%' || :q || '%' OR id::text = :q)"
                        + page.orderAndPage(page.sort(), "id"))
                .bind("q", Parameter.fromOrEmpty(page.likeQ(), String.class))
                .bind("offset", page.offset()).bind("limit", page.limit())
                .map(this::view).all();
    }

    public Flux<PlanView> list() {
        return db.sql("SELECT " + COLUMNS + " FROM plans ORDER BY created_at, name").map(this::view).all();
    }

    public Mono<PlanView> find(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM plans WHERE id = :id").bind("id", id).map(this::view).one();
    }

    /** Puts the tenant on the plan; false when there is no such tenant. */
    public Mono<Boolean> assign(UUID tenantId, UUID planId) {
        return db.sql("UPDATE tenants SET plan_id = :plan WHERE id = :id").bind("id", tenantId).bind("plan", planId)
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    private PlanView view(Readable row) {
        return new PlanView(row.get("id", UUID.class), row.get("name", String.class),
                Boolean.TRUE.equals(row.get("is_default", Boolean.class)),
                json.readValue(row.get("limits", String.class), PlanLimits.class),
                json.readValue(row.get("allowances", String.class), PlanAllowances.class), row.get("version", Long.class),
                Rows.instant(row, "created_at"), Rows.instant(row, "updated_at"));
    }
}
