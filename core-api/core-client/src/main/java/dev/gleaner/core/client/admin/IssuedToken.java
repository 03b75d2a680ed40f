package dev.gleaner.core.client.admin;

import java.time.Instant;
import java.util.UUID;

/**
 * A freshly issued API token. {@code token} is the secret itself: it is returned this once and
 * never again (core-api keeps only its hash); {@code prefix} identifies it in listings.
 */
public record IssuedToken(UUID id, UUID tenantId, String name, String prefix, String token, Instant createdAt) {
}
