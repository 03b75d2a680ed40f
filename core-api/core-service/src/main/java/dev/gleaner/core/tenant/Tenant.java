package dev.gleaner.core.tenant;

import java.time.Instant;
import java.util.UUID;

/** A client application of Gleaner, with its own tokens, scrapes and limits. */
/**
 * @param retentionDays its own retention, or null for the default
 * @param suspendedAt   when an admin suspended it (its tokens are refused), or null
 * @param planId        its plan, or null for the default plan
 */
public record Tenant(UUID id, String name, int concurrencyCap, Instant createdAt, long activeTokens,
        Integer retentionDays, Instant suspendedAt, UUID planId) {

    /** The same tenant with a lower concurrency cap (its plan's), when {@code cap} is lower. */
    public Tenant capped(Integer cap) {
        return cap == null || cap >= concurrencyCap ? this
                : new Tenant(id, name, cap, createdAt, activeTokens, retentionDays, suspendedAt, planId);
    }
}
