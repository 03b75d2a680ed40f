package dev.gleaner.core.audit;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import reactor.core.publisher.Mono;

/** Who changed what, appended in the same transaction as the change. Never holds secrets. */
@Repository
public class AuditLog {

    private final DatabaseClient db;

    public AuditLog(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> record(String actor, String action, String target, String details) {
        return db.sql("INSERT INTO audit_log (actor, action, target, details) VALUES (:actor, :action, :target, :details)")
                .bind("actor", actor).bind("action", action).bind("target", target)
                .bind("details", details == null ? "" : details)
                .then();
    }
}
