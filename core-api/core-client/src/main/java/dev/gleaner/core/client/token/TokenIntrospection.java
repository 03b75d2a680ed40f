package dev.gleaner.core.client.token;

import java.util.UUID;

/**
 * What core-api knows about a presented API token. Inactive tokens (unknown, revoked, or of a
 * disabled tenant) carry no tenant.
 */
public record TokenIntrospection(boolean active, UUID tenantId, String tenantName) {

    public static TokenIntrospection inactive() {
        return new TokenIntrospection(false, null, null);
    }
}
