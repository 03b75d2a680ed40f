package dev.gleaner.core.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import dev.gleaner.core.client.audit.AuditEntry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Who changed what, appended in the same transaction as the change. Never holds secrets. */
@Repository
public class AuditLog {

    private final DatabaseClient db;

    public AuditLog(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Entries newest first, filtered by actor and action (exact), and time ({@code from} inclusive, {@code to}
     * exclusive), after the entry {@code beforeId} (exclusive) when paging; at most {@code limit}.
     */
    public Flux<AuditEntry> find(String actor, String action, Instant from, Instant to, Long beforeId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, actor, action, target, details, created_at FROM audit_log WHERE true");
        Map<String, Object> binds = new LinkedHashMap<>();
        if (actor != null) {
            sql.append(" AND actor = :actor");
            binds.put("actor", actor);
        }
        if (action != null) {
            sql.append(" AND action = :action");
            binds.put("action", action);
        }
        if (from != null) {
            sql.append(" AND created_at >= :from");
            binds.put("from", from.atOffset(ZoneOffset.UTC));
        }
        if (to != null) {
            sql.append(" AND created_at < :to");
            binds.put("to", to.atOffset(ZoneOffset.UTC));
        }
        if (beforeId != null) {
            sql.append(" AND id < :before");
            binds.put("before", beforeId);
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        binds.put("limit", limit);
        DatabaseClient.GenericExecuteSpec query = db.sql(sql.toString());
        for (Map.Entry<String, Object> bind : binds.entrySet()) {
            query = query.bind(bind.getKey(), bind.getValue());
        }
        return query.map(row -> new AuditEntry(row.get("id", Long.class), row.get("actor", String.class),
                row.get("action", String.class), row.get("target", String.class), row.get("details", String.class),
                row.get("created_at", OffsetDateTime.class).toInstant())).all();
    }

    public Mono<Void> record(String actor, String action, String target, String details) {
        return db.sql("INSERT INTO audit_log (actor, action, target, details) VALUES (:actor, :action, :target, :details)")
                .bind("actor", actor).bind("action", action).bind("target", target)
                .bind("details", details == null ? "" : details)
                .then();
    }
}
