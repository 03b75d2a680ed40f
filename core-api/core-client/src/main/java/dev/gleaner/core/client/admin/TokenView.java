package dev.gleaner.core.client.admin;

import java.time.Instant;
import java.util.UUID;

/**
 * An API token as listings show it: never its secret, only the {@code prefix} that identifies it
 * ({@code glt_<public id>}). {@code revokedAt} is null while the token works.
 *
 * @param expiresAt  when it stops working by itself (null: never)
 * @param lastUsedAt when a gateway last admitted a request with it (to within about 15 s), or null if never
 */
public record TokenView(UUID id, UUID tenantId, String name, String prefix, Instant createdAt, Instant revokedAt,
        Instant lastUsedAt, Instant expiresAt) {

    public TokenView(UUID id, UUID tenantId, String name, String prefix, Instant createdAt, Instant revokedAt,
            Instant lastUsedAt) {
        this(id, tenantId, name, prefix, createdAt, revokedAt, lastUsedAt, null);
    }

    /** Neither revoked nor past its expiry. */
    public boolean active() {
        return revokedAt == null && !expired();
    }

    public boolean expired() {
        return expiresAt != null && !Instant.now().isBefore(expiresAt);
    }
}
