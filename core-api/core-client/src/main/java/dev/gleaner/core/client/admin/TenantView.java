package dev.gleaner.core.client.admin;

import java.time.Instant;
import java.util.UUID;

/**
 * A tenant as the admin API shows it.
 *
 * @param retentionDays how long its results and artifacts are kept (its own setting, or the default)
 * @param suspendedAt   when it was suspended (its tokens are refused until it is resumed), or null
 * @param planId        its plan, or null for the default plan
 */
public record TenantView(UUID id, String name, int concurrencyCap, Instant createdAt, long activeTokens,
        int retentionDays, Instant suspendedAt, UUID planId) {
}
