package dev.gleaner.core.token;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.gleaner.core.audit.AuditLog;
import dev.gleaner.core.client.admin.IssuedToken;
import dev.gleaner.core.client.admin.TokenView;
import dev.gleaner.core.client.plan.PlanLimits;
import dev.gleaner.core.client.token.ApiTokenFormat;
import dev.gleaner.core.client.token.TokenIntrospection;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.NotFoundException;
import dev.gleaner.core.tenant.TenantService;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issues API tokens (the secret is returned once), lists and revokes them, and tells the gateway
 * whom a token belongs to.
 */
@Service
public class TokenService {

    private static final Logger log = LoggerFactory.getLogger(TokenService.class);

    private final DatabaseClient db;
    private final TenantService tenants;
    private final AuditLog audit;
    private final TransactionalOperator tx;
    private final JsonMapper json;

    public TokenService(DatabaseClient db, TenantService tenants, AuditLog audit, TransactionalOperator tx,
            JsonMapper json) {
        this.json = json;
        this.db = db;
        this.tenants = tenants;
        this.audit = audit;
        this.tx = tx;
    }

    public Mono<IssuedToken> issue(UUID tenantId, String name, String actor) {
        String label = name == null || name.isBlank() ? "default" : name.strip();
        if (label.length() > 100) {
            return Mono.error(InvalidInputException.of("name", "must be at most 100 characters"));
        }
        UUID id = UUID.randomUUID();
        ApiTokenFormat.Minted minted = ApiTokenFormat.mint();
        return tenants.get(tenantId)
                .flatMap(tenant -> db.sql("""
                                INSERT INTO api_tokens (id, tenant_id, public_id, secret_hash, name)
                                VALUES (:id, :tenant, :publicId, :hash, :name) RETURNING created_at""")
                        .bind("id", id).bind("tenant", tenantId).bind("publicId", minted.publicId())
                        .bind("hash", minted.secretHash()).bind("name", label)
                        .map(row -> row.get("created_at", OffsetDateTime.class))
                        .one())
                .flatMap(created -> audit.record(actor, "token.issue", tenantId.toString(),
                                "token=" + ApiTokenFormat.PREFIX + minted.publicId() + " name=" + label)
                        .thenReturn(new IssuedToken(id, tenantId, label, ApiTokenFormat.PREFIX + minted.publicId(),
                                minted.token(), created == null ? Instant.now() : created.toInstant())))
                .as(tx::transactional)
                .doOnNext(t -> log.info("{} issued token {} for tenant {}", actor, t.prefix(), tenantId));
    }

    public Flux<TokenView> list(UUID tenantId) {
        return tenants.get(tenantId).thenMany(db.sql("""
                        SELECT id, tenant_id, name, public_id, created_at, revoked_at FROM api_tokens
                        WHERE tenant_id = :tenant ORDER BY created_at DESC, id""")
                .bind("tenant", tenantId)
                .map(TokenService::view)
                .all());
    }

    /** Revokes a token of a tenant; idempotent (a revoked token keeps its first revocation time). */
    public Mono<TokenView> revoke(UUID tenantId, UUID tokenId, String actor) {
        return db.sql("""
                        UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now())
                        WHERE id = :id AND tenant_id = :tenant
                        RETURNING id, tenant_id, name, public_id, created_at, revoked_at""")
                .bind("id", tokenId).bind("tenant", tenantId)
                .map(TokenService::view)
                .one()
                .switchIfEmpty(Mono.error(() -> new NotFoundException("tenant " + tenantId + " has no token " + tokenId)))
                .flatMap(token -> audit.record(actor, "token.revoke", tenantId.toString(), "token=" + token.prefix())
                        .thenReturn(token))
                .as(tx::transactional)
                .doOnNext(t -> log.info("{} revoked token {} of tenant {}", actor, t.prefix(), tenantId));
    }

    private static TokenView view(Readable row) {
        OffsetDateTime revoked = row.get("revoked_at", OffsetDateTime.class);
        return new TokenView(row.get("id", UUID.class), row.get("tenant_id", UUID.class), row.get("name", String.class),
                ApiTokenFormat.PREFIX + row.get("public_id", String.class),
                row.get("created_at", OffsetDateTime.class).toInstant(), revoked == null ? null : revoked.toInstant());
    }

    public Mono<TokenIntrospection> introspect(String token) {
        return Mono.justOrEmpty(ApiTokenFormat.parse(token))
                .flatMap(parsed -> db.sql("""
                                SELECT k.secret_hash, t.id AS tenant_id, t.name AS tenant_name, p.id AS plan_id,
                                       p.version AS plan_version, p.limits::text AS limits
                                FROM api_tokens k JOIN tenants t ON t.id = k.tenant_id
                                JOIN plans p ON p.id = t.plan_id OR (t.plan_id IS NULL AND p.is_default)
                                WHERE k.public_id = :publicId AND k.revoked_at IS NULL AND t.disabled_at IS NULL""")
                        .bind("publicId", parsed.publicId())
                        .map(row -> ApiTokenFormat.matches(parsed.secret(), row.get("secret_hash", byte[].class))
                                ? new TokenIntrospection(true, row.get("tenant_id", UUID.class),
                                        row.get("tenant_name", String.class), row.get("plan_id", UUID.class),
                                        row.get("plan_version", Long.class),
                                        json.readValue(row.get("limits", String.class), PlanLimits.class))
                                : TokenIntrospection.inactive())
                        // one(), never first(): first() cancels the result after its row, and a cancelled
                        // r2dbc-postgresql conversation can poison the pooled connection, hanging the next
                        // query on it for good (public_id is unique, so there is at most one row)
                        .one())
                .defaultIfEmpty(TokenIntrospection.inactive());
    }
}
