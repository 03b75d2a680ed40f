package dev.gleaner.core.token;

import java.time.Duration;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.gleaner.core.client.plan.PlanLimits;
import dev.gleaner.core.client.token.ApiTokenFormat;
import dev.gleaner.core.client.token.TokenRecord;
import dev.gleaner.core.config.CoreProperties;
import dev.gleaner.core.db.Rows;
import dev.gleaner.core.error.DependencyUnavailableException;
import dev.gleaner.farm.client.redis.RedisConnector;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes each API token's state ({@link TokenRecord}) in Redis for the gateways, which read it
 * instead of asking core-api. What the database says is the truth; Redis holds a copy.
 *
 * <p>Failure policy, chosen so that a revoked token never stays active: a change (revocation,
 * suspension, resumption, plan change) writes the records of every token it touches <em>inside</em>
 * its transaction, before the commit, and fails (503, nothing changed) when Redis cannot take them.
 * A look-up that missed Redis fills it back, but only with {@code SET NX}: it never overwrites what a
 * change wrote, however the two interleave. When a change fails after its records were written, the
 * database's state is published again. Active records live a day, the others 30 days; an expired or
 * lost record only costs one look-up at core-api.
 */
@Component
public class TokenRecords {

    private static final Logger log = LoggerFactory.getLogger(TokenRecords.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration ACTIVE_TTL = Duration.ofDays(1);
    private static final Duration INACTIVE_TTL = Duration.ofDays(30);

    /** Every column a record is made of; joined so that the tenant's plan (or the default plan) comes along. */
    static final String SELECT = """
            SELECT k.id, k.public_id, k.secret_hash, k.revoked_at IS NOT NULL AS revoked, k.expires_at,
                   t.disabled_at IS NOT NULL AS suspended, t.id AS tenant_id, t.name AS tenant_name,
                   p.id AS plan_id, p.version AS plan_version, p.limits::text AS limits
            FROM api_tokens k JOIN tenants t ON t.id = k.tenant_id
            JOIN plans p ON p.id = t.plan_id OR (t.plan_id IS NULL AND p.is_default)
            """;

    /** One token's row: its record and the key it goes under. */
    record Stored(String key, byte[] secretHash, TokenRecord record) {
    }

    private final DatabaseClient db;
    private final RedisClusterReactiveCommands<String, String> redis;
    private final String namespace;
    private final JsonMapper json;

    public TokenRecords(DatabaseClient db, RedisConnector redis, CoreProperties properties, JsonMapper json) {
        this.db = db;
        this.redis = redis.reactive();
        this.namespace = properties.redisNamespace();
        this.json = json;
    }

    Stored stored(Readable row) {
        byte[] hash = row.get("secret_hash", byte[].class);
        String status = Boolean.TRUE.equals(row.get("revoked", Boolean.class)) ? TokenRecord.REVOKED
                : Boolean.TRUE.equals(row.get("suspended", Boolean.class)) ? TokenRecord.SUSPENDED : TokenRecord.ACTIVE;
        return new Stored(TokenRecord.key(namespace, hash), hash, new TokenRecord(row.get("public_id", String.class),
                status, row.get("tenant_id", UUID.class), row.get("tenant_name", String.class),
                row.get("plan_id", UUID.class), row.get("plan_version", Long.class),
                json.readValue(row.get("limits", String.class), PlanLimits.class), Rows.instant(row, "expires_at")));
    }

    /** Publishes one token's state (its revocation). */
    public Mono<Void> publishToken(UUID tokenId) {
        return publish(db.sql(SELECT + " WHERE k.id = :id").bind("id", tokenId).map(this::stored).all());
    }

    /** Publishes the state of a tenant's tokens that are not revoked (its suspension, resumption or new plan). */
    public Mono<Void> publishTenant(UUID tenantId) {
        return publish(db.sql(SELECT + " WHERE t.id = :tenant AND k.revoked_at IS NULL").bind("tenant", tenantId)
                .map(this::stored).all());
    }

    /** Publishes the state of the tokens, not revoked, of every tenant on a plan (its new limits). */
    public Mono<Void> publishPlan(UUID planId) {
        return publish(db.sql(SELECT + " WHERE p.id = :plan AND k.revoked_at IS NULL").bind("plan", planId)
                .map(this::stored).all());
    }

    /**
     * Runs a change and then its publication in one transaction: the records are written before the commit, and
     * the change fails if they cannot be. When anything fails, the database's state is published again (best effort).
     */
    public <T> Mono<T> change(TransactionalOperator tx, Mono<T> change, Mono<Void> publication) {
        return change.flatMap(done -> publication.thenReturn(done))
                .as(tx::transactional)
                .onErrorResume(e -> publication.onErrorResume(again -> Mono.empty()).then(Mono.error(e)));
    }

    /** Writes every record, overwriting; fails with 503 when Redis cannot take them all. */
    private Mono<Void> publish(Flux<Stored> tokens) {
        return tokens.collectList()
                .flatMapMany(Flux::fromIterable)
                .flatMap(token -> redis.set(token.key(), json.writeValueAsString(token.record()), ttl(token.record())), 64)
                .then()
                .timeout(TIMEOUT)
                .onErrorMap(e -> {
                    log.warn("token records could not be written to Redis: {}", e.toString());
                    return new DependencyUnavailableException("redis", "API tokens cannot be updated right now: "
                            + "their records in Redis cannot be written; nothing was changed; retry shortly",
                            Duration.ofSeconds(5));
                });
    }

    /**
     * Fills Redis back after a look-up that missed it, never over what is there; best effort (a failure only
     * means the next look-up asks core-api again).
     */
    Mono<Void> offer(Stored token) {
        return redis.set(token.key(), json.writeValueAsString(token.record()), ttl(token.record()).nx())
                .timeout(TIMEOUT)
                .onErrorResume(e -> Mono.empty())
                .then();
    }

    /** The presented token's row, if its public id is known. */
    Mono<Stored> find(ApiTokenFormat.Parsed token) {
        // one(), never first(): a cancelled r2dbc-postgresql conversation can poison the pooled connection
        return db.sql(SELECT + " WHERE k.public_id = :publicId").bind("publicId", token.publicId())
                .map(this::stored).one();
    }

    private static SetArgs ttl(TokenRecord record) {
        return SetArgs.Builder.ex(TokenRecord.ACTIVE.equals(record.status()) ? ACTIVE_TTL : INACTIVE_TTL);
    }
}
