package dev.gleaner.core.webhook;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import reactor.core.publisher.Mono;

/**
 * Each tenant's webhook signing secret. Made on the first delivery if the tenant has none yet (then
 * nobody has seen it: the tenant makes one it can see with {@link #rotate}); never returned but by
 * {@link #rotate}, which replaces it.
 */
@Repository
public class WebhookSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "whsec_";

    private final DatabaseClient db;

    public WebhookSecrets(DatabaseClient db) {
        this.db = db;
    }

    /** The tenant's secret, made if it has none. */
    public Mono<String> of(UUID tenantId) {
        return db.sql("""
                        INSERT INTO tenant_webhook_secrets (tenant_id, secret) VALUES (:t, :s)
                        ON CONFLICT (tenant_id) DO UPDATE SET secret = tenant_webhook_secrets.secret
                        RETURNING secret""")
                .bind("t", tenantId).bind("s", fresh()).map(row -> row.get("secret", String.class)).one();
    }

    /** A new secret for the tenant, replacing the old one at once; the only time a secret is returned. */
    public Mono<String> rotate(UUID tenantId) {
        String secret = fresh();
        return db.sql("""
                        INSERT INTO tenant_webhook_secrets (tenant_id, secret) VALUES (:t, :s)
                        ON CONFLICT (tenant_id) DO UPDATE SET secret = excluded.secret, created_at = now()""")
                .bind("t", tenantId).bind("s", secret).fetch().rowsUpdated().thenReturn(secret);
    }

    private static String fresh() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
