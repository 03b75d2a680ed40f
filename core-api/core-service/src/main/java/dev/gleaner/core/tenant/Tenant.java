package dev.gleaner.core.tenant;

import java.time.Instant;
import java.util.UUID;

/** A client application of Gleaner, with its own tokens, scrapes and limits. */
/** @param retentionDays its own retention, or null for the default */
public record Tenant(UUID id, String name, int concurrencyCap, Instant createdAt, long activeTokens,
        Integer retentionDays) {
}
