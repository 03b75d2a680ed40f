package dev.gleaner.core.client.admin;

import java.time.Instant;
import java.util.UUID;

/** A tenant as the admin API shows it. */
public record TenantView(UUID id, String name, int concurrencyCap, Instant createdAt, long activeTokens) {
}
