package dev.gleaner.core.token;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.gleaner.core.audit.AuditLog;
import dev.gleaner.core.client.admin.IssuedToken;
import dev.gleaner.core.client.admin.TokenView;
import dev.gleaner.core.client.token.ApiTokenFormat;
import dev.gleaner.core.client.token.TokenIntrospection;
import dev.gleaner.core.db.Rows;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.NotFoundException;
import dev.gleaner.core.tenant.TenantService;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Issues API tokens (the secret is returned once), lists and revokes them, and tells the gateway
 * whom a token belongs to.
 */
@Service
public class TokenService {

    private static final Duration MAX_LIFETIME = Duration.ofDays(3650);

    private static final Logger log = LoggerFactory.getLogger(TokenService.class);

    private final DatabaseClient db;
    private final TenantService tenants;
    private final AuditLog audit;
    private final TransactionalOperator tx;
    private final TokenRecords records;

    public TokenService(DatabaseClient db, TenantService tenants, AuditLog audit, TransactionalOperator tx,
            TokenRecords records) {
        this.records = records;
        this.db = db;
        this.tenants = tenants;
        this.audit = audit;
        this.tx = tx;
    }

    /** A new token for the tenant, expiring at {@code expiresAt} (null: never); its secret is shown this once. */
    public Mono<IssuedToken> issue(UUID tenantId, String name, Instant expiresAt, String actor) {
        String label = name == null || name.isBlank() ? "default" : name.strip();
        if (label.length() > 100) {
            return Mono.error(InvalidInputException.of("name", "must be at most 100 characters"));
        }
        Instant now = Instant.now();
        if (expiresAt != null && (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(MAX_LIFETIME)))) {
            return Mono.error(InvalidInputException.of("expiresAt", "must be in the future and within ten years"));
        }
        UUID id = UUID.randomUUID();
        ApiTokenFormat.Minted minted = ApiTokenFormat.mint();
        return tenants.get(tenantId)
                .flatMap(tenant -> db.sql("""
                                INSERT INTO api_tokens (id, tenant_id, public_id, secret_hash, name, expires_at)
                                VALUES (:id, :tenant, :publicId, :hash, :name, :expires) RETURNING created_at""")
                        .bind("id", id).bind("tenant", tenantId).bind("publicId", minted.publicId())
                        .bind("hash", minted.secretHash()).bind("name", label)
                        .bind("expires", Parameter.fromOrEmpty(expiresAt == null ? null
                                : expiresAt.atOffset(ZoneOffset.UTC), OffsetDateTime.class))
                        .map(row -> row.get("created_at", OffsetDateTime.class))
                        .one())
                .flatMap(created -> audit.record(actor, "token.issue", tenantId.toString(),
                                "token=" + ApiTokenFormat.PREFIX + minted.publicId() + " name=" + label
                                        + (expiresAt == null ? "" : " expiresAt=" + expiresAt))
                        .thenReturn(new IssuedToken(id, tenantId, label, ApiTokenFormat.PREFIX + minted.publicId(),
                                minted.token(), created == null ? Instant.now() : created.toInstant())))
                .as(tx::transactional)
                // a new token needs no record to work: without one, the gateway asks core-api
                .flatMap(t -> records.publishToken(id).onErrorResume(e -> Mono.empty()).thenReturn(t))
                .doOnNext(t -> log.info("{} issued token {} for tenant {}", actor, t.prefix(), tenantId));
    }

    public Flux<TokenView> list(UUID tenantId) {
        return tenants.get(tenantId).thenMany(db.sql("""
                        SELECT id, tenant_id, name, public_id, created_at, revoked_at, last_used_at, expires_at FROM api_tokens
                        WHERE tenant_id = :tenant ORDER BY created_at DESC, id""")
                .bind("tenant", tenantId)
                .map(TokenService::view)
                .all());
    }

    /** Revokes a token of a tenant; idempotent (a revoked token keeps its first revocation time). */
    public Mono<TokenView> revoke(UUID tenantId, UUID tokenId, String actor) {
        Mono<TokenView> revocation = db.sql("""
                        UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now())
                        WHERE id = :id AND tenant_id = :tenant
                        RETURNING id, tenant_id, name, public_id, created_at, revoked_at, last_used_at, expires_at""")
                .bind("id", tokenId).bind("tenant", tenantId)
                .map(TokenService::view)
                .one()
                .switchIfEmpty(Mono.error(() -> new NotFoundException("tenant " + tenantId + " has no token " + tokenId)))
                .flatMap(token -> audit.record(actor, "token.revoke", tenantId.toString(), "token=" + token.prefix())
                        .thenReturn(token));
        // refused by the gateways once its record is written, before the commit; no record, no revocation
        return records.change(tx, revocation, records.publishToken(tokenId))
                .doOnNext(t -> log.info("{} revoked token {} of tenant {}", actor, t.prefix(), tenantId));
    }

    private static TokenView view(Readable row) {
        OffsetDateTime revoked = row.get("revoked_at", OffsetDateTime.class);
        OffsetDateTime used = row.get("last_used_at", OffsetDateTime.class);
        return new TokenView(row.get("id", UUID.class), row.get("tenant_id", UUID.class), row.get("name", String.class),
                ApiTokenFormat.PREFIX + row.get("public_id", String.class),
                row.get("created_at", OffsetDateTime.class).toInstant(), revoked == null ? null : revoked.toInstant(),
                used == null ? null : used.toInstant(), Rows.instant(row, "expires_at"));
    }

    /**
     * Whom a presented token belongs to, from the database (the gateway asks when Redis has no record of it);
     * an active token's record is put back in Redis for the next look-up.
     */
    public Mono<TokenIntrospection> introspect(String token) {
        return Mono.justOrEmpty(ApiTokenFormat.parse(token))
                .flatMap(parsed -> records.find(parsed)
                        .filter(stored -> ApiTokenFormat.matches(parsed.secret(), stored.secretHash()))
                        .flatMap(stored -> {
                            TokenIntrospection found = stored.record().introspection(parsed);
                            return found.active() ? records.offer(stored).thenReturn(found) : Mono.just(found);
                        }))
                .defaultIfEmpty(TokenIntrospection.inactive());
    }
}
