package dev.gleaner.core.audit;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;
import org.springframework.web.server.ServerWebExchange;

import dev.gleaner.core.client.audit.AuditEntry;
import dev.gleaner.core.identity.CallerPrincipal;
import dev.gleaner.web.RequestIdWebFilter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Who changed or asked for what, when and from where: admin changes appended in the same transaction as the change,
 * tenants' requests as they are admitted. Never holds secrets.
 */
@Repository
public class AuditLog {

    private static final int MAX_TARGET = 200;
    private static final int MAX_FROM = 100;

    private final DatabaseClient db;

    public AuditLog(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Entries newest first, filtered by actor and action (exact), and time ({@code from} inclusive, {@code to}
     * exclusive), after the entry {@code beforeId} (exclusive) when paging; at most {@code limit}.
     */
    public Flux<AuditEntry> find(String actor, String action, Instant from, Instant to, Long beforeId, int limit) {
        StringBuilder sql = new StringBuilder(
                "SELECT id, actor, action, target, details, created_at, request_id, client_address FROM audit_log WHERE true");
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
                row.get("created_at", OffsetDateTime.class).toInstant(), row.get("request_id", String.class),
                row.get("client_address", String.class))).all();
    }

    /**
     * Appends an entry. Made while serving a request, it carries the request's id and client address (the address
     * the gateway vouched for, else the caller's own), read from the request's reactive context.
     */
    public Mono<Void> record(String actor, String action, String target, String details) {
        return Mono.deferContextual(context -> {
            ServerWebExchange exchange = ServerWebExchangeContextFilter.getExchange(context).orElse(null);
            return db.sql("""
                            INSERT INTO audit_log (actor, action, target, details, request_id, client_address)
                            VALUES (:actor, :action, :target, :details, :request, :client)""")
                    .bind("actor", actor).bind("action", action)
                    .bind("target", Parameter.fromOrEmpty(cut(target, MAX_TARGET), String.class))
                    .bind("details", details == null ? "" : details)
                    .bind("request", Parameter.fromOrEmpty(exchange == null ? null
                            : cut(RequestIdWebFilter.of(exchange), MAX_FROM), String.class))
                    .bind("client", Parameter.fromOrEmpty(exchange == null ? null : cut(client(exchange), MAX_FROM),
                            String.class))
                    .then();
        });
    }

    /**
     * A tenant's request (a scrape, a job, a batch, a crawl, a map) of {@code target}: the actor is the token it came
     * with ({@code token:<public id>}), or the tenant when the gateway did not name one.
     */
    public Mono<Void> request(ServerWebExchange exchange, String action, String target, String details) {
        CallerPrincipal.Tenant tenant = CallerPrincipal.require(exchange, CallerPrincipal.Tenant.class);
        String actor = tenant.tokenId() != null ? "token:" + tenant.tokenId() : "tenant:" + tenant.tenantId();
        String all = "tenant=" + tenant.tenantId() + (details == null ? "" : ", " + details)
                + (target != null && target.length() > MAX_TARGET ? ", url=" + target : "");
        return record(actor, action, target, all);
    }

    private static String client(ServerWebExchange exchange) {
        if (exchange.getAttribute(CallerPrincipal.ATTRIBUTE) instanceof CallerPrincipal.Tenant tenant
                && tenant.clientAddress() != null) {
            return tenant.clientAddress();
        }
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
