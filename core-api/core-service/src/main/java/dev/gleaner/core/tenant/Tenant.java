package dev.gleaner.core.tenant;

import java.time.Instant;
import java.util.UUID;

/** A client application of Gleaner, with its own tokens, scrapes and limits. */
/**
 * @param retentionDays its own retention, or null for the default
 * @param suspendedAt   when an admin suspended it (its tokens are refused), or null
 */
public record Tenant(UUID id, String name, int concurrencyCap, Instant createdAt, long activeTokens,
        Integer retentionDays, Instant suspendedAt) {
}
