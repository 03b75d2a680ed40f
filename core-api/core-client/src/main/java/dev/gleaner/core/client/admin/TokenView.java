package dev.gleaner.core.client.admin;

import java.time.Instant;
import java.util.UUID;

/**
 * An API token as listings show it: never its secret, only the {@code prefix} that identifies it
 * ({@code glt_<public id>}). {@code revokedAt} is null while the token works.
 *
 * @param lastUsedAt when a gateway last admitted a request with it (to within about 15 s), or null if never
 */
public record TokenView(UUID id, UUID tenantId, String name, String prefix, Instant createdAt, Instant revokedAt,
        Instant lastUsedAt) {

    public boolean active() {
        return revokedAt == null;
    }
}
